using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChildIndex.Migrations.Sqlite.Directory
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    NewChildId = table.Column<long>(type: "INTEGER", nullable: false),
                    ExistingChildId = table.Column<long>(type: "INTEGER", nullable: false),
                    Probability = table.Column<double>(type: "REAL", nullable: false),
                    Weight = table.Column<double>(type: "REAL", nullable: false),
                    StrongBand = table.Column<bool>(type: "INTEGER", nullable: false),
                    LowerThreshold = table.Column<double>(type: "REAL", nullable: false),
                    UpperThreshold = table.Column<double>(type: "REAL", nullable: false),
                    WeightsVersion = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    RaisedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    RaisedByOrganisation = table.Column<string>(type: "TEXT", unicode: false, maxLength: 12, nullable: false),
                    RaisedBy = table.Column<string>(type: "TEXT", unicode: false, maxLength: 100, nullable: false),
                    RequestId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Status = table.Column<byte>(type: "INTEGER", nullable: false),
                    Resolution = table.Column<byte>(type: "INTEGER", nullable: true),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ClosedBy = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: true),
                    ClosedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PossibleDuplicates", x => x.Id);
                    table.CheckConstraint("CK_PossibleDuplicates_ClosedBy_Length", "length(\"ClosedBy\") <= 64");
                    table.CheckConstraint("CK_PossibleDuplicates_RaisedBy_Length", "length(\"RaisedBy\") <= 100");
                    table.CheckConstraint("CK_PossibleDuplicates_RaisedByOrganisation_Length", "length(\"RaisedByOrganisation\") <= 12");
                    table.CheckConstraint("CK_PossibleDuplicates_Reason_Length", "length(\"Reason\") <= 200");
                    table.CheckConstraint("CK_PossibleDuplicates_WeightsVersion_Length", "length(\"WeightsVersion\") <= 64");
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
