using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChildIndex.Migrations.SqlServer.Identity
{
    /// <inheritdoc />
    public partial class AuthEventsAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Sign-ins, refusals and token events wait here until the directory ingests them into
            // its audit trail (AuthEventIngest), and ingestion reads past a position, never back:
            // an event changed or removed before then would never be audited, and one changed after
            // would contradict the trail. So the store refuses both, as the audit tables do.
            // Through EXEC: CREATE TRIGGER must start a batch, which it does not in a script
            // (dotnet ef migrations script) inside the migration's transaction.
            migrationBuilder.Sql(@"EXEC(N'CREATE TRIGGER [AuthEvents_append_only] ON [AuthEvents] INSTEAD OF UPDATE, DELETE AS
BEGIN
  THROW 51000, ''authentication events are append-only: AuthEvents rows cannot be updated or deleted'', 1;
END;');");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS [AuthEvents_append_only];");
        }
    }
}
