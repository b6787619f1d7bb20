using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChildIndex.Migrations.Sqlite.Directory
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
                    KeyId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 24, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", unicode: false, maxLength: 16, nullable: false),
                    Key = table.Column<byte[]>(type: "BLOB", maxLength: 32, nullable: false),
                    CreatedUnixMs = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditKeys", x => x.KeyId);
                    table.CheckConstraint("CK_AuditKeys_KeyId_Length", "length(\"KeyId\") <= 24");
                    table.CheckConstraint("CK_AuditKeys_Subject_Length", "length(\"Subject\") <= 16");
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
