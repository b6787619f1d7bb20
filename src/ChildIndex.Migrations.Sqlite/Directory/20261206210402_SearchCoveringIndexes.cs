using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChildIndex.Migrations.Sqlite.Directory
{
    /// <inheritdoc />
    public partial class SearchCoveringIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SearchKeys_DateOfBirth_PostcodeDistrict",
                table: "SearchKeys");

            migrationBuilder.DropIndex(
                name: "IX_SearchKeys_FamilyKey_DateOfBirth",
                table: "SearchKeys");

            migrationBuilder.DropIndex(
                name: "IX_SearchKeys_FamilyKey_Postcode",
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

            migrationBuilder.CreateIndex(
                name: "IX_SearchKeys_Blocking_Date_District",
                table: "SearchKeys",
                columns: new[] { "DateOfBirth", "PostcodeDistrict", "ChildId", "Shielded" });

            migrationBuilder.CreateIndex(
                name: "IX_SearchKeys_Blocking_FamilyKey_Date",
                table: "SearchKeys",
                columns: new[] { "FamilyKey", "DateOfBirth", "ChildId", "Shielded", "OtherNamePosition" });

            migrationBuilder.CreateIndex(
                name: "IX_SearchKeys_Blocking_FamilyKey_Postcode",
                table: "SearchKeys",
                columns: new[] { "FamilyKey", "Postcode", "ChildId", "Shielded" });

            migrationBuilder.CreateIndex(
                name: "IX_SearchKeys_Blocking_FamilyPhonetic_District",
                table: "SearchKeys",
                columns: new[] { "FamilyPhonetic", "PostcodeDistrict", "ChildId", "Shielded" });

            migrationBuilder.CreateIndex(
                name: "IX_SearchKeys_Blocking_FamilyPhonetic_Year",
                table: "SearchKeys",
                columns: new[] { "FamilyPhonetic", "BirthYear", "DateOfBirth", "GivenPhonetic", "ChildId", "Shielded", "OtherNamePosition" });

            migrationBuilder.CreateIndex(
                name: "IX_SearchKeys_Blocking_FamilyPhoneticAlt_Year",
                table: "SearchKeys",
                columns: new[] { "FamilyPhoneticAlt", "BirthYear", "DateOfBirth", "GivenPhonetic", "ChildId", "Shielded", "OtherNamePosition" });

            migrationBuilder.CreateIndex(
                name: "IX_SearchKeys_Blocking_GivenPhonetic_Date",
                table: "SearchKeys",
                columns: new[] { "GivenPhonetic", "DateOfBirth", "ChildId", "Shielded", "OtherNamePosition" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SearchKeys_Blocking_Date_District",
                table: "SearchKeys");

            migrationBuilder.DropIndex(
                name: "IX_SearchKeys_Blocking_FamilyKey_Date",
                table: "SearchKeys");

            migrationBuilder.DropIndex(
                name: "IX_SearchKeys_Blocking_FamilyKey_Postcode",
                table: "SearchKeys");

            migrationBuilder.DropIndex(
                name: "IX_SearchKeys_Blocking_FamilyPhonetic_District",
                table: "SearchKeys");

            migrationBuilder.DropIndex(
                name: "IX_SearchKeys_Blocking_FamilyPhonetic_Year",
                table: "SearchKeys");

            migrationBuilder.DropIndex(
                name: "IX_SearchKeys_Blocking_FamilyPhoneticAlt_Year",
                table: "SearchKeys");

            migrationBuilder.DropIndex(
                name: "IX_SearchKeys_Blocking_GivenPhonetic_Date",
                table: "SearchKeys");

            migrationBuilder.CreateIndex(
                name: "IX_SearchKeys_DateOfBirth_PostcodeDistrict",
                table: "SearchKeys",
                columns: new[] { "DateOfBirth", "PostcodeDistrict" });

            migrationBuilder.CreateIndex(
                name: "IX_SearchKeys_FamilyKey_DateOfBirth",
                table: "SearchKeys",
                columns: new[] { "FamilyKey", "DateOfBirth" });

            migrationBuilder.CreateIndex(
                name: "IX_SearchKeys_FamilyKey_Postcode",
                table: "SearchKeys",
                columns: new[] { "FamilyKey", "Postcode" });

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
        }
    }
}
