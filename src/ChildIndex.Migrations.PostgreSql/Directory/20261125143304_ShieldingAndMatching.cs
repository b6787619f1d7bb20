using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChildIndex.Migrations.PostgreSql.Directory
{
    /// <inheritdoc />
    public partial class ShieldingAndMatching : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "BirthYear",
                table: "SearchKeys",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "FamilyPhonetic",
                table: "SearchKeys",
                type: "character varying(12)",
                unicode: false,
                maxLength: 12,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FamilyPhoneticAlt",
                table: "SearchKeys",
                type: "character varying(12)",
                unicode: false,
                maxLength: 12,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "GivenPhonetic",
                table: "SearchKeys",
                type: "character varying(12)",
                unicode: false,
                maxLength: 12,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsNamePart",
                table: "SearchKeys",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "PostcodeDistrict",
                table: "SearchKeys",
                type: "character varying(4)",
                unicode: false,
                maxLength: 4,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Shielded",
                table: "SearchKeys",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<byte>(
                name: "LegalBasis",
                table: "Involvements",
                type: "smallint",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ShieldJustification",
                table: "Children",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<byte>(
                name: "ShieldReason",
                table: "Children",
                type: "smallint",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Shielded",
                table: "Children",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ShieldedAt",
                table: "Children",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "BreakGlassGrants",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ChildId = table.Column<long>(type: "bigint", nullable: false),
                    UserSubject = table.Column<string>(type: "character varying(64)", unicode: false, maxLength: 64, nullable: false),
                    UserName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    OrganisationCode = table.Column<string>(type: "character varying(12)", unicode: false, maxLength: 12, nullable: false),
                    Justification = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    OpenedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReviewStatus = table.Column<byte>(type: "smallint", nullable: false),
                    ReviewOutcome = table.Column<byte>(type: "smallint", nullable: true),
                    ReviewNote = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ReviewedBy = table.Column<string>(type: "character varying(64)", unicode: false, maxLength: 64, nullable: true),
                    ReviewedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BreakGlassGrants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BreakGlassGrants_Children_ChildId",
                        column: x => x.ChildId,
                        principalTable: "Children",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SearchKeys_DateOfBirth_PostcodeDistrict",
                table: "SearchKeys",
                columns: new[] { "DateOfBirth", "PostcodeDistrict" });

            migrationBuilder.CreateIndex(
                name: "IX_SearchKeys_FamilyPhonetic_BirthYear",
                table: "SearchKeys",
                columns: new[] { "FamilyPhonetic", "BirthYear" });

            migrationBuilder.CreateIndex(
                name: "IX_SearchKeys_FamilyPhonetic_PostcodeDistrict",
                table: "SearchKeys",
                columns: new[] { "FamilyPhonetic", "PostcodeDistrict" });

            migrationBuilder.CreateIndex(
                name: "IX_SearchKeys_FamilyPhoneticAlt_BirthYear",
                table: "SearchKeys",
                columns: new[] { "FamilyPhoneticAlt", "BirthYear" });

            migrationBuilder.CreateIndex(
                name: "IX_SearchKeys_GivenPhonetic_DateOfBirth",
                table: "SearchKeys",
                columns: new[] { "GivenPhonetic", "DateOfBirth" });

            migrationBuilder.CreateIndex(
                name: "IX_BreakGlassGrants_ChildId",
                table: "BreakGlassGrants",
                column: "ChildId");

            migrationBuilder.CreateIndex(
                name: "IX_BreakGlassGrants_ReviewStatus_OpenedAt",
                table: "BreakGlassGrants",
                columns: new[] { "ReviewStatus", "OpenedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_BreakGlassGrants_UserSubject_ChildId_ExpiresAt",
                table: "BreakGlassGrants",
                columns: new[] { "UserSubject", "ChildId", "ExpiresAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BreakGlassGrants");

            migrationBuilder.DropIndex(
                name: "IX_SearchKeys_DateOfBirth_PostcodeDistrict",
                table: "SearchKeys");

            migrationBuilder.DropIndex(
                name: "IX_SearchKeys_FamilyPhonetic_BirthYear",
                table: "SearchKeys");

            migrationBuilder.DropIndex(
                name: "IX_SearchKeys_FamilyPhonetic_PostcodeDistrict",
                table: "SearchKeys");

            migrationBuilder.DropIndex(
                name: "IX_SearchKeys_FamilyPhoneticAlt_BirthYear",
                table: "SearchKeys");

            migrationBuilder.DropIndex(
                name: "IX_SearchKeys_GivenPhonetic_DateOfBirth",
                table: "SearchKeys");

            migrationBuilder.DropColumn(
                name: "BirthYear",
                table: "SearchKeys");

            migrationBuilder.DropColumn(
                name: "FamilyPhonetic",
                table: "SearchKeys");

            migrationBuilder.DropColumn(
                name: "FamilyPhoneticAlt",
                table: "SearchKeys");

            migrationBuilder.DropColumn(
                name: "GivenPhonetic",
                table: "SearchKeys");

            migrationBuilder.DropColumn(
                name: "IsNamePart",
                table: "SearchKeys");

            migrationBuilder.DropColumn(
                name: "PostcodeDistrict",
                table: "SearchKeys");

            migrationBuilder.DropColumn(
                name: "Shielded",
                table: "SearchKeys");

            migrationBuilder.DropColumn(
                name: "LegalBasis",
                table: "Involvements");

            migrationBuilder.DropColumn(
                name: "ShieldJustification",
                table: "Children");

            migrationBuilder.DropColumn(
                name: "ShieldReason",
                table: "Children");

            migrationBuilder.DropColumn(
                name: "Shielded",
                table: "Children");

            migrationBuilder.DropColumn(
                name: "ShieldedAt",
                table: "Children");
        }
    }
}
