using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChildIndex.Migrations.PostgreSql.Directory
{
    /// <inheritdoc />
    public partial class Merges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "MergedInto",
                table: "Children",
                type: "character varying(9)",
                unicode: false,
                maxLength: 9,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ChildMerges",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SurvivorId = table.Column<long>(type: "bigint", nullable: false),
                    DuplicateId = table.Column<long>(type: "bigint", nullable: false),
                    MergedBy = table.Column<string>(type: "character varying(64)", unicode: false, maxLength: 64, nullable: false),
                    MergedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    UnmergedBy = table.Column<string>(type: "character varying(64)", unicode: false, maxLength: 64, nullable: true),
                    UnmergedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    UnmergeReason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Snapshot = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChildMerges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ChildMerges_Children_DuplicateId",
                        column: x => x.DuplicateId,
                        principalTable: "Children",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ChildMerges_Children_SurvivorId",
                        column: x => x.SurvivorId,
                        principalTable: "Children",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "NotSameChildPairs",
                columns: table => new
                {
                    FirstChildId = table.Column<long>(type: "bigint", nullable: false),
                    SecondChildId = table.Column<long>(type: "bigint", nullable: false),
                    DecidedBy = table.Column<string>(type: "character varying(64)", unicode: false, maxLength: 64, nullable: false),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NotSameChildPairs", x => new { x.FirstChildId, x.SecondChildId });
                    table.CheckConstraint("CK_NotSameChildPairs_Order", "\"FirstChildId\" < \"SecondChildId\"");
                    table.ForeignKey(
                        name: "FK_NotSameChildPairs_Children_FirstChildId",
                        column: x => x.FirstChildId,
                        principalTable: "Children",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_NotSameChildPairs_Children_SecondChildId",
                        column: x => x.SecondChildId,
                        principalTable: "Children",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ChildMergeRows",
                columns: table => new
                {
                    MergeId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<byte>(type: "smallint", nullable: false),
                    RowKey = table.Column<string>(type: "character varying(36)", unicode: false, maxLength: 36, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChildMergeRows", x => new { x.MergeId, x.Kind, x.RowKey });
                    table.ForeignKey(
                        name: "FK_ChildMergeRows_ChildMerges_MergeId",
                        column: x => x.MergeId,
                        principalTable: "ChildMerges",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Children_MergedInto",
                table: "Children",
                column: "MergedInto");

            migrationBuilder.CreateIndex(
                name: "IX_ChildMerges_DuplicateId_UnmergedAt",
                table: "ChildMerges",
                columns: new[] { "DuplicateId", "UnmergedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ChildMerges_SurvivorId",
                table: "ChildMerges",
                column: "SurvivorId");

            migrationBuilder.CreateIndex(
                name: "IX_NotSameChildPairs_SecondChildId",
                table: "NotSameChildPairs",
                column: "SecondChildId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ChildMergeRows");

            migrationBuilder.DropTable(
                name: "NotSameChildPairs");

            migrationBuilder.DropTable(
                name: "ChildMerges");

            migrationBuilder.DropIndex(
                name: "IX_Children_MergedInto",
                table: "Children");

            migrationBuilder.DropColumn(
                name: "MergedInto",
                table: "Children");
        }
    }
}
