using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChildIndex.Migrations.PostgreSql.Directory
{
    /// <inheritdoc />
    public partial class AuditTrail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuditCheckpoints",
                columns: table => new
                {
                    TreeSize = table.Column<long>(type: "bigint", nullable: false),
                    RootHash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    TimeUnixSeconds = table.Column<long>(type: "bigint", nullable: false),
                    KeyId = table.Column<string>(type: "character varying(16)", unicode: false, maxLength: 16, nullable: false),
                    Signature = table.Column<byte[]>(type: "bytea", maxLength: 80, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditCheckpoints", x => x.TreeSize);
                });

            migrationBuilder.CreateTable(
                name: "AuditChildLinks",
                columns: table => new
                {
                    ChildId = table.Column<string>(type: "character varying(9)", unicode: false, maxLength: 9, nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditChildLinks", x => new { x.ChildId, x.Sequence });
                });

            migrationBuilder.CreateTable(
                name: "AuditEntries",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    TimeUnixMs = table.Column<long>(type: "bigint", nullable: false),
                    Action = table.Column<string>(type: "character varying(100)", unicode: false, maxLength: 100, nullable: false),
                    Outcome = table.Column<string>(type: "character varying(40)", unicode: false, maxLength: 40, nullable: false),
                    ActorSubject = table.Column<string>(type: "character varying(64)", unicode: false, maxLength: 64, nullable: true),
                    ActorOrganisation = table.Column<string>(type: "character varying(12)", unicode: false, maxLength: 12, nullable: true),
                    Record = table.Column<byte[]>(type: "bytea", nullable: false),
                    LeafHash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "AuditHead",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    TreeSize = table.Column<long>(type: "bigint", nullable: false),
                    SubtreeHashes = table.Column<byte[]>(type: "bytea", maxLength: 2048, nullable: false),
                    LastAuthEventId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditHead", x => x.Id);
                });

            // The database itself refuses to change or remove audit records (ADR 8): a trigger for
            // UPDATE, DELETE and TRUNCATE, and no such privilege for anyone but the owner, which should
            // be the migration account, not the service's (deploy/README.md).
            migrationBuilder.Sql(@"CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END;
$$;");
            foreach (var table in new[] { "AuditEntries", "AuditChildLinks", "AuditCheckpoints" })
            {
                migrationBuilder.Sql($"CREATE TRIGGER \"{table}_append_only\" BEFORE UPDATE OR DELETE ON \"{table}\" FOR EACH ROW EXECUTE FUNCTION audit_append_only();");
                migrationBuilder.Sql($"CREATE TRIGGER \"{table}_no_truncate\" BEFORE TRUNCATE ON \"{table}\" FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();");
                migrationBuilder.Sql($"REVOKE UPDATE, DELETE, TRUNCATE ON \"{table}\" FROM PUBLIC;");
            }

            migrationBuilder.InsertData(
                table: "AuditHead",
                columns: new[] { "Id", "LastAuthEventId", "SubtreeHashes", "TreeSize" },
                values: new object[] { 1, 0L, new byte[0], 0L });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_Action_Sequence",
                table: "AuditEntries",
                columns: new[] { "Action", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_ActorOrganisation_Sequence",
                table: "AuditEntries",
                columns: new[] { "ActorOrganisation", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_ActorSubject_Sequence",
                table: "AuditEntries",
                columns: new[] { "ActorSubject", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_AuditEntries_TimeUnixMs",
                table: "AuditEntries",
                column: "TimeUnixMs");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in new[] { "AuditEntries", "AuditChildLinks", "AuditCheckpoints" })
            {
                migrationBuilder.Sql($"DROP TRIGGER IF EXISTS \"{table}_append_only\" ON \"{table}\";");
                migrationBuilder.Sql($"DROP TRIGGER IF EXISTS \"{table}_no_truncate\" ON \"{table}\";");
            }

            migrationBuilder.Sql("DROP FUNCTION IF EXISTS audit_append_only();");

            migrationBuilder.DropTable(
                name: "AuditCheckpoints");

            migrationBuilder.DropTable(
                name: "AuditChildLinks");

            migrationBuilder.DropTable(
                name: "AuditEntries");

            migrationBuilder.DropTable(
                name: "AuditHead");
        }
    }
}
