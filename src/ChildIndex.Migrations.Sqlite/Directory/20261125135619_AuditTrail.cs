using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChildIndex.Migrations.Sqlite.Directory
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
                    TreeSize = table.Column<long>(type: "INTEGER", nullable: false),
                    RootHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    TimeUnixSeconds = table.Column<long>(type: "INTEGER", nullable: false),
                    KeyId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 16, nullable: false),
                    Signature = table.Column<byte[]>(type: "BLOB", maxLength: 80, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditCheckpoints", x => x.TreeSize);
                    table.CheckConstraint("CK_AuditCheckpoints_KeyId_Length", "length(\"KeyId\") <= 16");
                });

            migrationBuilder.CreateTable(
                name: "AuditChildLinks",
                columns: table => new
                {
                    ChildId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 9, nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditChildLinks", x => new { x.ChildId, x.Sequence });
                    table.CheckConstraint("CK_AuditChildLinks_ChildId_Length", "length(\"ChildId\") <= 9");
                });

            migrationBuilder.CreateTable(
                name: "AuditEntries",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    TimeUnixMs = table.Column<long>(type: "INTEGER", nullable: false),
                    Action = table.Column<string>(type: "TEXT", unicode: false, maxLength: 100, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", unicode: false, maxLength: 40, nullable: false),
                    ActorSubject = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: true),
                    ActorOrganisation = table.Column<string>(type: "TEXT", unicode: false, maxLength: 12, nullable: true),
                    Record = table.Column<byte[]>(type: "BLOB", nullable: false),
                    LeafHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditEntries", x => x.Sequence);
                    table.CheckConstraint("CK_AuditEntries_Action_Length", "length(\"Action\") <= 100");
                    table.CheckConstraint("CK_AuditEntries_ActorOrganisation_Length", "length(\"ActorOrganisation\") <= 12");
                    table.CheckConstraint("CK_AuditEntries_ActorSubject_Length", "length(\"ActorSubject\") <= 64");
                    table.CheckConstraint("CK_AuditEntries_Outcome_Length", "length(\"Outcome\") <= 40");
                });

            migrationBuilder.CreateTable(
                name: "AuditHead",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    TreeSize = table.Column<long>(type: "INTEGER", nullable: false),
                    SubtreeHashes = table.Column<byte[]>(type: "BLOB", maxLength: 2048, nullable: false),
                    LastAuthEventId = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditHead", x => x.Id);
                });

            // The database itself refuses to change or remove audit records (ADR 8).
            foreach (var table in new[] { "AuditEntries", "AuditChildLinks", "AuditCheckpoints" })
            {
                migrationBuilder.Sql($"CREATE TRIGGER \"{table}_no_update\" BEFORE UPDATE ON \"{table}\" BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: {table} rows cannot be updated'); END;");
                migrationBuilder.Sql($"CREATE TRIGGER \"{table}_no_delete\" BEFORE DELETE ON \"{table}\" BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only: {table} rows cannot be deleted'); END;");
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
                migrationBuilder.Sql($"DROP TRIGGER IF EXISTS \"{table}_no_update\";");
                migrationBuilder.Sql($"DROP TRIGGER IF EXISTS \"{table}_no_delete\";");
            }

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
