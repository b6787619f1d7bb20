using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChildIndex.Migrations.Sqlite.Directory
{
    /// <inheritdoc />
    public partial class AuditTreeNodes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuditTreeNodes",
                columns: table => new
                {
                    Level = table.Column<int>(type: "INTEGER", nullable: false),
                    Index = table.Column<long>(type: "INTEGER", nullable: false),
                    Hash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditTreeNodes", x => new { x.Level, x.Index });
                });

            // Derived from the records, but a proof hands them out: as append-only as the records (ADR 8).
            migrationBuilder.Sql("CREATE TRIGGER \"AuditTreeNodes_no_update\" BEFORE UPDATE ON \"AuditTreeNodes\" BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: AuditTreeNodes rows cannot be updated'); END;");
            migrationBuilder.Sql("CREATE TRIGGER \"AuditTreeNodes_no_delete\" BEFORE DELETE ON \"AuditTreeNodes\" BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: AuditTreeNodes rows cannot be deleted'); END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"AuditTreeNodes_no_update\";");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"AuditTreeNodes_no_delete\";");
            migrationBuilder.DropTable(
                name: "AuditTreeNodes");
        }
    }
}
