using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChildIndex.Migrations.SqlServer.Directory
{
    /// <inheritdoc />
    public partial class ChildReadModel : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ChildDocuments",
                columns: table => new
                {
                    IndexId = table.Column<string>(type: "varchar(9)", unicode: false, maxLength: 9, nullable: false),
                    ChildId = table.Column<long>(type: "bigint", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false),
                    Shielded = table.Column<bool>(type: "bit", nullable: false),
                    Document = table.Column<byte[]>(type: "varbinary(max)", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ChildDocuments", x => x.IndexId);
                    table.ForeignKey(
                        name: "FK_ChildDocuments_Children_ChildId",
                        column: x => x.ChildId,
                        principalTable: "Children",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ChildDocuments_ChildId",
                table: "ChildDocuments",
                column: "ChildId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ChildDocuments");
        }
    }
}
