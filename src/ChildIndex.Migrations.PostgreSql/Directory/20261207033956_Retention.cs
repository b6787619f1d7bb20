using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChildIndex.Migrations.PostgreSql.Directory
{
    /// <inheritdoc />
    public partial class Retention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "ArchivedOn",
                table: "Children",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "DateOfDeath",
                table: "Children",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LegalHoldReason",
                table: "Children",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LegalHoldSetAt",
                table: "Children",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LegalHoldSetBy",
                table: "Children",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<byte>(
                name: "RetentionExtension",
                table: "Children",
                type: "smallint",
                nullable: false,
                defaultValue: (byte)0);

            migrationBuilder.CreateIndex(
                name: "IX_Children_Status_ArchivedOn",
                table: "Children",
                columns: new[] { "Status", "ArchivedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_Children_Status_DateOfBirth",
                table: "Children",
                columns: new[] { "Status", "DateOfBirth" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Children_Status_ArchivedOn",
                table: "Children");

            migrationBuilder.DropIndex(
                name: "IX_Children_Status_DateOfBirth",
                table: "Children");

            migrationBuilder.DropColumn(
                name: "ArchivedOn",
                table: "Children");

            migrationBuilder.DropColumn(
                name: "DateOfDeath",
                table: "Children");

            migrationBuilder.DropColumn(
                name: "LegalHoldReason",
                table: "Children");

            migrationBuilder.DropColumn(
                name: "LegalHoldSetAt",
                table: "Children");

            migrationBuilder.DropColumn(
                name: "LegalHoldSetBy",
                table: "Children");

            migrationBuilder.DropColumn(
                name: "RetentionExtension",
                table: "Children");
        }
    }
}
