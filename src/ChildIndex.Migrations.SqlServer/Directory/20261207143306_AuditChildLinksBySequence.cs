using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChildIndex.Migrations.SqlServer.Directory
{
    /// <inheritdoc />
    public partial class AuditChildLinksBySequence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_AuditChildLinks_Sequence",
                table: "AuditChildLinks",
                column: "Sequence");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_AuditChildLinks_Sequence",
                table: "AuditChildLinks");
        }
    }
}
