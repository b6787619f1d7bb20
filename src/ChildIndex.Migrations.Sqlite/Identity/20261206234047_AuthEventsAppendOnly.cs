using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChildIndex.Migrations.Sqlite.Identity
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
            migrationBuilder.Sql("CREATE TRIGGER \"AuthEvents_no_update\" BEFORE UPDATE ON \"AuthEvents\" BEGIN SELECT RAISE(ABORT, 'authentication events are append-only: AuthEvents rows cannot be updated'); END;");
            migrationBuilder.Sql("CREATE TRIGGER \"AuthEvents_no_delete\" BEFORE DELETE ON \"AuthEvents\" BEGIN SELECT RAISE(ABORT, 'authentication events are append-only: AuthEvents rows cannot be deleted'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"AuthEvents_no_update\";");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"AuthEvents_no_delete\";");
        }
    }
}
