using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChildIndex.Migrations.SqlServer.Directory
{
    /// <inheritdoc />
    public partial class AuditTreeNodes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // An append-only ledger table like the records' (ADR 8): EF Core cannot declare one, so it
            // is created by hand, column for column as the model has it.
            migrationBuilder.Sql(@"CREATE TABLE [AuditTreeNodes] (
    [Level] int NOT NULL,
    [Index] bigint NOT NULL,
    [Hash] varbinary(32) NOT NULL,
    CONSTRAINT [PK_AuditTreeNodes] PRIMARY KEY ([Level], [Index])
) WITH (LEDGER = ON (APPEND_ONLY = ON));");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuditTreeNodes");
        }
    }
}
