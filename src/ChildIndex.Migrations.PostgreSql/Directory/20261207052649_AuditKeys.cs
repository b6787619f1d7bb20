using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChildIndex.Migrations.PostgreSql.Directory
{
    /// <inheritdoc />
    public partial class AuditKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AuditKeys",
                columns: table => new
                {
                    KeyId = table.Column<string>(type: "character varying(24)", unicode: false, maxLength: 24, nullable: false),
                    Subject = table.Column<string>(type: "character varying(16)", unicode: false, maxLength: 16, nullable: false),
                    Key = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    CreatedUnixMs = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditKeys", x => x.KeyId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuditKeys_Subject",
                table: "AuditKeys",
                column: "Subject",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuditKeys");
        }
    }
}
