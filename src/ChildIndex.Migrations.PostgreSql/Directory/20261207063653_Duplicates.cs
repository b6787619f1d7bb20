using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ChildIndex.Migrations.PostgreSql.Directory
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
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    NewChildId = table.Column<long>(type: "bigint", nullable: false),
                    ExistingChildId = table.Column<long>(type: "bigint", nullable: false),
                    Probability = table.Column<double>(type: "double precision", nullable: false),
                    Weight = table.Column<double>(type: "double precision", nullable: false),
                    StrongBand = table.Column<bool>(type: "boolean", nullable: false),
                    LowerThreshold = table.Column<double>(type: "double precision", nullable: false),
                    UpperThreshold = table.Column<double>(type: "double precision", nullable: false),
                    WeightsVersion = table.Column<string>(type: "character varying(64)", unicode: false, maxLength: 64, nullable: false),
                    RaisedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RaisedByOrganisation = table.Column<string>(type: "character varying(12)", unicode: false, maxLength: 12, nullable: false),
                    RaisedBy = table.Column<string>(type: "character varying(100)", unicode: false, maxLength: 100, nullable: false),
                    RequestId = table.Column<Guid>(type: "uuid", nullable: false),
                    Status = table.Column<byte>(type: "smallint", nullable: false),
                    Resolution = table.Column<byte>(type: "smallint", nullable: true),
                    Reason = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ClosedBy = table.Column<string>(type: "character varying(64)", unicode: false, maxLength: 64, nullable: true),
                    ClosedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
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
