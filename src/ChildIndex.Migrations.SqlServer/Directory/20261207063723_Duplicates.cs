using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChildIndex.Migrations.SqlServer.Directory
{
    /// <inheritdoc />
    public partial class Duplicates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PossibleDuplicates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    NewChildId = table.Column<long>(type: "bigint", nullable: false),
                    ExistingChildId = table.Column<long>(type: "bigint", nullable: false),
                    Probability = table.Column<double>(type: "float", nullable: false),
                    Weight = table.Column<double>(type: "float", nullable: false),
                    StrongBand = table.Column<bool>(type: "bit", nullable: false),
                    LowerThreshold = table.Column<double>(type: "float", nullable: false),
                    UpperThreshold = table.Column<double>(type: "float", nullable: false),
                    WeightsVersion = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    RaisedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    RaisedByOrganisation = table.Column<string>(type: "varchar(12)", unicode: false, maxLength: 12, nullable: false),
                    RaisedBy = table.Column<string>(type: "varchar(100)", unicode: false, maxLength: 100, nullable: false),
                    RequestId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Status = table.Column<byte>(type: "tinyint", nullable: false),
                    Resolution = table.Column<byte>(type: "tinyint", nullable: true),
                    Reason = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    ClosedBy = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: true),
                    ClosedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PossibleDuplicates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PossibleDuplicates_Children_ExistingChildId",
                        column: x => x.ExistingChildId,
                        principalTable: "Children",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PossibleDuplicates_Children_NewChildId",
                        column: x => x.NewChildId,
                        principalTable: "Children",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PossibleDuplicates_ExistingChildId",
                table: "PossibleDuplicates",
                column: "ExistingChildId");

            migrationBuilder.CreateIndex(
                name: "IX_PossibleDuplicates_NewChildId",
                table: "PossibleDuplicates",
                column: "NewChildId");

            migrationBuilder.CreateIndex(
                name: "IX_PossibleDuplicates_Status_Id",
                table: "PossibleDuplicates",
                columns: new[] { "Status", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PossibleDuplicates");
        }
    }
}
