using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChildIndex.Migrations.PostgreSql.Directory
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
                    Level = table.Column<int>(type: "integer", nullable: false),
                    Index = table.Column<long>(type: "bigint", nullable: false),
                    Hash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditTreeNodes", x => new { x.Level, x.Index });
                });

            // Derived from the records, but a proof hands them out: as append-only as the records
            // (ADR 8), with the function the AuditTrail migration created.
            migrationBuilder.Sql("CREATE TRIGGER \"AuditTreeNodes_append_only\" BEFORE UPDATE OR DELETE ON \"AuditTreeNodes\" FOR EACH ROW EXECUTE FUNCTION audit_append_only();");
            migrationBuilder.Sql("CREATE TRIGGER \"AuditTreeNodes_no_truncate\" BEFORE TRUNCATE ON \"AuditTreeNodes\" FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();");
            migrationBuilder.Sql("REVOKE UPDATE, DELETE, TRUNCATE ON \"AuditTreeNodes\" FROM PUBLIC;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"AuditTreeNodes_append_only\" ON \"AuditTreeNodes\";");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"AuditTreeNodes_no_truncate\" ON \"AuditTreeNodes\";");
            migrationBuilder.DropTable(
                name: "AuditTreeNodes");
        }
    }
}
