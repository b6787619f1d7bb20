using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChildIndex.Migrations.Sqlite.Directory
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Children",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IndexId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 9, nullable: false),
                    GivenNames = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    FamilyName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Gender = table.Column<byte>(type: "INTEGER", nullable: false),
                    DateOfBirth = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Residence = table.Column<byte>(type: "INTEGER", nullable: false),
                    Address_Line1 = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Address_Line2 = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Address_Line3 = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Address_Line4 = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Address_Town = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    Address_Postcode = table.Column<string>(type: "TEXT", unicode: false, maxLength: 8, nullable: true),
                    NhsNumber = table.Column<string>(type: "TEXT", unicode: false, maxLength: 10, nullable: true),
                    Upn = table.Column<string>(type: "TEXT", unicode: false, maxLength: 13, nullable: true),
                    Status = table.Column<byte>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Children", x => x.Id);
                    table.CheckConstraint("CK_Children_Address_Line1_Length", "length(\"Address_Line1\") <= 100");
                    table.CheckConstraint("CK_Children_Address_Line2_Length", "length(\"Address_Line2\") <= 100");
                    table.CheckConstraint("CK_Children_Address_Line3_Length", "length(\"Address_Line3\") <= 100");
                    table.CheckConstraint("CK_Children_Address_Line4_Length", "length(\"Address_Line4\") <= 100");
                    table.CheckConstraint("CK_Children_Address_Postcode_Length", "length(\"Address_Postcode\") <= 8");
                    table.CheckConstraint("CK_Children_Address_Town_Length", "length(\"Address_Town\") <= 60");
                    table.CheckConstraint("CK_Children_FamilyName_Length", "length(\"FamilyName\") <= 100");
                    table.CheckConstraint("CK_Children_GivenNames_Length", "length(\"GivenNames\") <= 100");
                    table.CheckConstraint("CK_Children_IndexId_Length", "length(\"IndexId\") <= 9");
                    table.CheckConstraint("CK_Children_NhsNumber_Length", "length(\"NhsNumber\") <= 10");
                    table.CheckConstraint("CK_Children_Upn_Length", "length(\"Upn\") <= 13");
                });

            migrationBuilder.CreateTable(
                name: "IdempotencyRecords",
                columns: table => new
                {
                    Scope = table.Column<string>(type: "TEXT", unicode: false, maxLength: 100, nullable: false),
                    RequestId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Operation = table.Column<string>(type: "TEXT", unicode: false, maxLength: 40, nullable: false),
                    RequestHash = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    ChildIndexId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 9, nullable: false),
                    InvolvementId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Outcome = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdempotencyRecords", x => new { x.Scope, x.RequestId });
                    table.CheckConstraint("CK_IdempotencyRecords_ChildIndexId_Length", "length(\"ChildIndexId\") <= 9");
                    table.CheckConstraint("CK_IdempotencyRecords_Operation_Length", "length(\"Operation\") <= 40");
                    table.CheckConstraint("CK_IdempotencyRecords_Scope_Length", "length(\"Scope\") <= 100");
                });

            migrationBuilder.CreateTable(
                name: "Carers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ChildId = table.Column<long>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    GivenNames = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    FamilyName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Relationship = table.Column<byte>(type: "INTEGER", nullable: false),
                    HasParentalResponsibility = table.Column<bool>(type: "INTEGER", nullable: false),
                    Address_Line1 = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Address_Line2 = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Address_Line3 = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Address_Line4 = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Address_Town = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    Address_Postcode = table.Column<string>(type: "TEXT", unicode: false, maxLength: 8, nullable: true),
                    Phone = table.Column<string>(type: "TEXT", unicode: false, maxLength: 24, nullable: true),
                    Email = table.Column<string>(type: "TEXT", unicode: false, maxLength: 254, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Carers", x => x.Id);
                    table.CheckConstraint("CK_Carers_Address_Line1_Length", "length(\"Address_Line1\") <= 100");
                    table.CheckConstraint("CK_Carers_Address_Line2_Length", "length(\"Address_Line2\") <= 100");
                    table.CheckConstraint("CK_Carers_Address_Line3_Length", "length(\"Address_Line3\") <= 100");
                    table.CheckConstraint("CK_Carers_Address_Line4_Length", "length(\"Address_Line4\") <= 100");
                    table.CheckConstraint("CK_Carers_Address_Postcode_Length", "length(\"Address_Postcode\") <= 8");
                    table.CheckConstraint("CK_Carers_Address_Town_Length", "length(\"Address_Town\") <= 60");
                    table.CheckConstraint("CK_Carers_Email_Length", "length(\"Email\") <= 254");
                    table.CheckConstraint("CK_Carers_FamilyName_Length", "length(\"FamilyName\") <= 100");
                    table.CheckConstraint("CK_Carers_GivenNames_Length", "length(\"GivenNames\") <= 100");
                    table.CheckConstraint("CK_Carers_Phone_Length", "length(\"Phone\") <= 24");
                    table.ForeignKey(
                        name: "FK_Carers_Children_ChildId",
                        column: x => x.ChildId,
                        principalTable: "Children",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Involvements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ChildId = table.Column<long>(type: "INTEGER", nullable: false),
                    ServiceType = table.Column<byte>(type: "INTEGER", nullable: false),
                    OrganisationCode = table.Column<string>(type: "TEXT", unicode: false, maxLength: 12, nullable: false),
                    OrganisationName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    PractitionerName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    Phone = table.Column<string>(type: "TEXT", unicode: false, maxLength: 24, nullable: true),
                    Email = table.Column<string>(type: "TEXT", unicode: false, maxLength: 254, nullable: true),
                    StartDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EndDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    LeadProfessional = table.Column<bool>(type: "INTEGER", nullable: false),
                    CafCompleted = table.Column<bool>(type: "INTEGER", nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Involvements", x => x.Id);
                    table.CheckConstraint("CK_Involvements_Email_Length", "length(\"Email\") <= 254");
                    table.CheckConstraint("CK_Involvements_OrganisationCode_Length", "length(\"OrganisationCode\") <= 12");
                    table.CheckConstraint("CK_Involvements_OrganisationName_Length", "length(\"OrganisationName\") <= 100");
                    table.CheckConstraint("CK_Involvements_Phone_Length", "length(\"Phone\") <= 24");
                    table.CheckConstraint("CK_Involvements_PractitionerName_Length", "length(\"PractitionerName\") <= 100");
                    table.CheckConstraint("CK_Involvements_Role_Length", "length(\"Role\") <= 60");
                    table.ForeignKey(
                        name: "FK_Involvements_Children_ChildId",
                        column: x => x.ChildId,
                        principalTable: "Children",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LocalIdentifiers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ChildId = table.Column<long>(type: "INTEGER", nullable: false),
                    OrganisationCode = table.Column<string>(type: "TEXT", unicode: false, maxLength: 12, nullable: false),
                    Value = table.Column<string>(type: "TEXT", unicode: false, maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LocalIdentifiers", x => x.Id);
                    table.CheckConstraint("CK_LocalIdentifiers_OrganisationCode_Length", "length(\"OrganisationCode\") <= 12");
                    table.CheckConstraint("CK_LocalIdentifiers_Value_Length", "length(\"Value\") <= 40");
                    table.ForeignKey(
                        name: "FK_LocalIdentifiers_Children_ChildId",
                        column: x => x.ChildId,
                        principalTable: "Children",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "OtherNames",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ChildId = table.Column<long>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<byte>(type: "INTEGER", nullable: false),
                    GivenNames = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    FamilyName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OtherNames", x => x.Id);
                    table.CheckConstraint("CK_OtherNames_FamilyName_Length", "length(\"FamilyName\") <= 100");
                    table.CheckConstraint("CK_OtherNames_GivenNames_Length", "length(\"GivenNames\") <= 100");
                    table.ForeignKey(
                        name: "FK_OtherNames_Children_ChildId",
                        column: x => x.ChildId,
                        principalTable: "Children",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SearchKeys",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ChildId = table.Column<long>(type: "INTEGER", nullable: false),
                    FamilyKey = table.Column<string>(type: "TEXT", unicode: false, maxLength: 200, nullable: false),
                    GivenKeys = table.Column<string>(type: "TEXT", unicode: false, maxLength: 400, nullable: false),
                    DateOfBirth = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Postcode = table.Column<string>(type: "TEXT", unicode: false, maxLength: 8, nullable: true),
                    OtherNamePosition = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SearchKeys", x => x.Id);
                    table.CheckConstraint("CK_SearchKeys_FamilyKey_Length", "length(\"FamilyKey\") <= 200");
                    table.CheckConstraint("CK_SearchKeys_GivenKeys_Length", "length(\"GivenKeys\") <= 400");
                    table.CheckConstraint("CK_SearchKeys_Postcode_Length", "length(\"Postcode\") <= 8");
                    table.ForeignKey(
                        name: "FK_SearchKeys_Children_ChildId",
                        column: x => x.ChildId,
                        principalTable: "Children",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Carers_ChildId",
                table: "Carers",
                column: "ChildId");

            migrationBuilder.CreateIndex(
                name: "IX_Children_IndexId",
                table: "Children",
                column: "IndexId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Children_NhsNumber",
                table: "Children",
                column: "NhsNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Children_Upn",
                table: "Children",
                column: "Upn",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Involvements_ChildId",
                table: "Involvements",
                column: "ChildId");

            migrationBuilder.CreateIndex(
                name: "IX_LocalIdentifiers_ChildId",
                table: "LocalIdentifiers",
                column: "ChildId");

            migrationBuilder.CreateIndex(
                name: "IX_LocalIdentifiers_OrganisationCode_Value",
                table: "LocalIdentifiers",
                columns: new[] { "OrganisationCode", "Value" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OtherNames_ChildId",
                table: "OtherNames",
                column: "ChildId");

            migrationBuilder.CreateIndex(
                name: "IX_SearchKeys_ChildId",
                table: "SearchKeys",
                column: "ChildId");

            migrationBuilder.CreateIndex(
                name: "IX_SearchKeys_FamilyKey_DateOfBirth",
                table: "SearchKeys",
                columns: new[] { "FamilyKey", "DateOfBirth" });

            migrationBuilder.CreateIndex(
                name: "IX_SearchKeys_FamilyKey_Postcode",
                table: "SearchKeys",
                columns: new[] { "FamilyKey", "Postcode" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Carers");

            migrationBuilder.DropTable(
                name: "IdempotencyRecords");

            migrationBuilder.DropTable(
                name: "Involvements");

            migrationBuilder.DropTable(
                name: "LocalIdentifiers");

            migrationBuilder.DropTable(
                name: "OtherNames");

            migrationBuilder.DropTable(
                name: "SearchKeys");

            migrationBuilder.DropTable(
                name: "Children");
        }
    }
}
