using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChildIndex.Migrations.SqlServer.Directory
{
    /// <inheritdoc />
    public partial class AuditTrail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Append-only ledger tables (SQL Server 2022, Azure SQL): the engine refuses UPDATE and
            // DELETE and keeps its own cryptographic digest beside ours (ADR 8). EF Core cannot
            // declare them, so they are created here by hand, column for column as the model has them.
            migrationBuilder.Sql(@"CREATE TABLE [AuditCheckpoints] (
    [TreeSize] bigint NOT NULL,
    [RootHash] varbinary(32) NOT NULL,
    [TimeUnixSeconds] bigint NOT NULL,
    [KeyId] varchar(16) NOT NULL,
    [Signature] varbinary(80) NOT NULL,
    CONSTRAINT [PK_AuditCheckpoints] PRIMARY KEY ([TreeSize])
) WITH (LEDGER = ON (APPEND_ONLY = ON));");

            migrationBuilder.Sql(@"CREATE TABLE [AuditChildLinks] (
    [ChildId] varchar(9) NOT NULL,
    [Sequence] bigint NOT NULL,
    CONSTRAINT [PK_AuditChildLinks] PRIMARY KEY ([ChildId], [Sequence])
) WITH (LEDGER = ON (APPEND_ONLY = ON));");

            migrationBuilder.Sql(@"CREATE TABLE [AuditEntries] (
    [Sequence] bigint NOT NULL,
    [TimeUnixMs] bigint NOT NULL,
    [Action] varchar(100) NOT NULL,
    [Outcome] varchar(40) NOT NULL,
    [ActorSubject] varchar(64) NULL,
    [ActorOrganisation] varchar(12) NULL,
    [Record] varbinary(max) NOT NULL,
    [LeafHash] varbinary(32) NOT NULL,
    CONSTRAINT [PK_AuditEntries] PRIMARY KEY ([Sequence])
) WITH (LEDGER = ON (APPEND_ONLY = ON));");

            migrationBuilder.CreateTable(
                name: "AuditHead",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false),
                    TreeSize = table.Column<long>(type: "bigint", nullable: false),
                    SubtreeHashes = table.Column<byte[]>(type: "varbinary(2048)", maxLength: 2048, nullable: false),
                    LastAuthEventId = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditHead", x => x.Id);
                });

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
