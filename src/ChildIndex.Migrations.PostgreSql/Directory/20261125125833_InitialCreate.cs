using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ChildIndex.Migrations.PostgreSql.Directory
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    IndexId = table.Column<string>(type: "character varying(9)", unicode: false, maxLength: 9, nullable: false),
                    GivenNames = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    FamilyName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Gender = table.Column<byte>(type: "smallint", nullable: false),
                    DateOfBirth = table.Column<DateOnly>(type: "date", nullable: false),
                    Residence = table.Column<byte>(type: "smallint", nullable: false),
                    Address_Line1 = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Address_Line2 = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Address_Line3 = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Address_Line4 = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Address_Town = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    Address_Postcode = table.Column<string>(type: "character varying(8)", unicode: false, maxLength: 8, nullable: true),
                    NhsNumber = table.Column<string>(type: "character varying(10)", unicode: false, maxLength: 10, nullable: true),
                    Upn = table.Column<string>(type: "character varying(13)", unicode: false, maxLength: 13, nullable: true),
                    Status = table.Column<byte>(type: "smallint", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Children", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IdempotencyRecords",
                columns: table => new
                {
                    Scope = table.Column<string>(type: "character varying(100)", unicode: false, maxLength: 100, nullable: false),
                    RequestId = table.Column<Guid>(type: "uuid", nullable: false),
                    Operation = table.Column<string>(type: "character varying(40)", unicode: false, maxLength: 40, nullable: false),
                    RequestHash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    ChildIndexId = table.Column<string>(type: "character varying(9)", unicode: false, maxLength: 9, nullable: false),
                    InvolvementId = table.Column<Guid>(type: "uuid", nullable: true),
                    Outcome = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdempotencyRecords", x => new { x.Scope, x.RequestId });
                });

            migrationBuilder.CreateTable(
                name: "Carers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ChildId = table.Column<long>(type: "bigint", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    GivenNames = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    FamilyName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Relationship = table.Column<byte>(type: "smallint", nullable: false),
                    HasParentalResponsibility = table.Column<bool>(type: "boolean", nullable: false),
                    Address_Line1 = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Address_Line2 = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Address_Line3 = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Address_Line4 = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Address_Town = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    Address_Postcode = table.Column<string>(type: "character varying(8)", unicode: false, maxLength: 8, nullable: true),
                    Phone = table.Column<string>(type: "character varying(24)", unicode: false, maxLength: 24, nullable: true),
                    Email = table.Column<string>(type: "character varying(254)", unicode: false, maxLength: 254, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Carers", x => x.Id);
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ChildId = table.Column<long>(type: "bigint", nullable: false),
                    ServiceType = table.Column<byte>(type: "smallint", nullable: false),
                    OrganisationCode = table.Column<string>(type: "character varying(12)", unicode: false, maxLength: 12, nullable: false),
                    OrganisationName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    PractitionerName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Role = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    Phone = table.Column<string>(type: "character varying(24)", unicode: false, maxLength: 24, nullable: true),
                    Email = table.Column<string>(type: "character varying(254)", unicode: false, maxLength: 254, nullable: true),
                    StartDate = table.Column<DateOnly>(type: "date", nullable: false),
                    EndDate = table.Column<DateOnly>(type: "date", nullable: true),
                    LeadProfessional = table.Column<bool>(type: "boolean", nullable: false),
                    CafCompleted = table.Column<bool>(type: "boolean", nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Involvements", x => x.Id);
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ChildId = table.Column<long>(type: "bigint", nullable: false),
                    OrganisationCode = table.Column<string>(type: "character varying(12)", unicode: false, maxLength: 12, nullable: false),
                    Value = table.Column<string>(type: "character varying(40)", unicode: false, maxLength: 40, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LocalIdentifiers", x => x.Id);
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ChildId = table.Column<long>(type: "bigint", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<byte>(type: "smallint", nullable: false),
                    GivenNames = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    FamilyName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OtherNames", x => x.Id);
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ChildId = table.Column<long>(type: "bigint", nullable: false),
                    FamilyKey = table.Column<string>(type: "character varying(200)", unicode: false, maxLength: 200, nullable: false),
                    GivenKeys = table.Column<string>(type: "character varying(400)", unicode: false, maxLength: 400, nullable: false),
                    DateOfBirth = table.Column<DateOnly>(type: "date", nullable: false),
                    Postcode = table.Column<string>(type: "character varying(8)", unicode: false, maxLength: 8, nullable: true),
                    OtherNamePosition = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SearchKeys", x => x.Id);
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
