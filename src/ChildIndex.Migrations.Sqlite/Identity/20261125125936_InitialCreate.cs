using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChildIndex.Migrations.Sqlite.Identity
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AgencyClients",
                columns: table => new
                {
                    ClientId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    OrganisationCode = table.Column<string>(type: "TEXT", unicode: false, maxLength: 12, nullable: false),
                    OrganisationName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Revoked = table.Column<bool>(type: "INTEGER", nullable: false),
                    RevokedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AgencyClients", x => x.ClientId);
                    table.CheckConstraint("CK_AgencyClients_ClientId_Length", "length(\"ClientId\") <= 64");
                    table.CheckConstraint("CK_AgencyClients_DisplayName_Length", "length(\"DisplayName\") <= 100");
                    table.CheckConstraint("CK_AgencyClients_OrganisationCode_Length", "length(\"OrganisationCode\") <= 12");
                    table.CheckConstraint("CK_AgencyClients_OrganisationName_Length", "length(\"OrganisationName\") <= 100");
                });

            migrationBuilder.CreateTable(
                name: "AuthEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Time = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Kind = table.Column<byte>(type: "INTEGER", nullable: false),
                    Subject = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: true),
                    Username = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ClientId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: true),
                    Actor = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: true),
                    ClientAddress = table.Column<string>(type: "TEXT", unicode: false, maxLength: 45, nullable: true),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuthEvents", x => x.Id);
                    table.CheckConstraint("CK_AuthEvents_Actor_Length", "length(\"Actor\") <= 64");
                    table.CheckConstraint("CK_AuthEvents_ClientAddress_Length", "length(\"ClientAddress\") <= 45");
                    table.CheckConstraint("CK_AuthEvents_ClientId_Length", "length(\"ClientId\") <= 64");
                    table.CheckConstraint("CK_AuthEvents_Detail_Length", "length(\"Detail\") <= 200");
                    table.CheckConstraint("CK_AuthEvents_Subject_Length", "length(\"Subject\") <= 64");
                    table.CheckConstraint("CK_AuthEvents_Username_Length", "length(\"Username\") <= 64");
                });

            migrationBuilder.CreateTable(
                name: "OpenIddictApplications",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    ApplicationType = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    ClientId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ClientSecret = table.Column<string>(type: "TEXT", nullable: true),
                    ClientType = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    ConcurrencyToken = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    ConsentType = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    DisplayName = table.Column<string>(type: "TEXT", nullable: true),
                    DisplayNames = table.Column<string>(type: "TEXT", nullable: true),
                    JsonWebKeySet = table.Column<string>(type: "TEXT", nullable: true),
                    Permissions = table.Column<string>(type: "TEXT", nullable: true),
                    PostLogoutRedirectUris = table.Column<string>(type: "TEXT", nullable: true),
                    Properties = table.Column<string>(type: "TEXT", nullable: true),
                    RedirectUris = table.Column<string>(type: "TEXT", nullable: true),
                    Requirements = table.Column<string>(type: "TEXT", nullable: true),
                    Settings = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OpenIddictApplications", x => x.Id);
                    table.CheckConstraint("CK_OpenIddictApplications_ApplicationType_Length", "length(\"ApplicationType\") <= 50");
                    table.CheckConstraint("CK_OpenIddictApplications_ClientId_Length", "length(\"ClientId\") <= 100");
                    table.CheckConstraint("CK_OpenIddictApplications_ClientType_Length", "length(\"ClientType\") <= 50");
                    table.CheckConstraint("CK_OpenIddictApplications_ConcurrencyToken_Length", "length(\"ConcurrencyToken\") <= 50");
                    table.CheckConstraint("CK_OpenIddictApplications_ConsentType_Length", "length(\"ConsentType\") <= 50");
                });

            migrationBuilder.CreateTable(
                name: "OpenIddictScopes",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    ConcurrencyToken = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    Description = table.Column<string>(type: "TEXT", nullable: true),
                    Descriptions = table.Column<string>(type: "TEXT", nullable: true),
                    DisplayName = table.Column<string>(type: "TEXT", nullable: true),
                    DisplayNames = table.Column<string>(type: "TEXT", nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Properties = table.Column<string>(type: "TEXT", nullable: true),
                    Resources = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OpenIddictScopes", x => x.Id);
                    table.CheckConstraint("CK_OpenIddictScopes_ConcurrencyToken_Length", "length(\"ConcurrencyToken\") <= 50");
                    table.CheckConstraint("CK_OpenIddictScopes_Name_Length", "length(\"Name\") <= 200");
                });

            migrationBuilder.CreateTable(
                name: "Users",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Username = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    DisplayName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    OrganisationCode = table.Column<string>(type: "TEXT", unicode: false, maxLength: 12, nullable: false),
                    OrganisationName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Roles = table.Column<string>(type: "TEXT", unicode: false, maxLength: 200, nullable: false),
                    PasswordHash = table.Column<string>(type: "TEXT", unicode: false, maxLength: 200, nullable: false),
                    ProtectedTotpSecret = table.Column<string>(type: "TEXT", unicode: false, maxLength: 500, nullable: false),
                    LastTotpStep = table.Column<long>(type: "INTEGER", nullable: false),
                    FailedSignIns = table.Column<int>(type: "INTEGER", nullable: false),
                    LockedUntil = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    Status = table.Column<byte>(type: "INTEGER", nullable: false),
                    SuspensionReason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DbsCheckDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    DbsCertificateReference = table.Column<string>(type: "TEXT", unicode: false, maxLength: 12, nullable: true),
                    TrainingCompletedDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    AgreementSignedDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Users", x => x.Id);
                    table.CheckConstraint("CK_Users_DbsCertificateReference_Length", "length(\"DbsCertificateReference\") <= 12");
                    table.CheckConstraint("CK_Users_DisplayName_Length", "length(\"DisplayName\") <= 100");
                    table.CheckConstraint("CK_Users_OrganisationCode_Length", "length(\"OrganisationCode\") <= 12");
                    table.CheckConstraint("CK_Users_OrganisationName_Length", "length(\"OrganisationName\") <= 100");
                    table.CheckConstraint("CK_Users_PasswordHash_Length", "length(\"PasswordHash\") <= 200");
                    table.CheckConstraint("CK_Users_ProtectedTotpSecret_Length", "length(\"ProtectedTotpSecret\") <= 500");
                    table.CheckConstraint("CK_Users_Roles_Length", "length(\"Roles\") <= 200");
                    table.CheckConstraint("CK_Users_SuspensionReason_Length", "length(\"SuspensionReason\") <= 200");
                    table.CheckConstraint("CK_Users_Username_Length", "length(\"Username\") <= 64");
                });

            migrationBuilder.CreateTable(
                name: "OpenIddictAuthorizations",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    ApplicationId = table.Column<string>(type: "TEXT", nullable: true),
                    ConcurrencyToken = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    CreationDate = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Properties = table.Column<string>(type: "TEXT", nullable: true),
                    Scopes = table.Column<string>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    Type = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OpenIddictAuthorizations", x => x.Id);
                    table.CheckConstraint("CK_OpenIddictAuthorizations_ConcurrencyToken_Length", "length(\"ConcurrencyToken\") <= 50");
                    table.CheckConstraint("CK_OpenIddictAuthorizations_Status_Length", "length(\"Status\") <= 50");
                    table.CheckConstraint("CK_OpenIddictAuthorizations_Subject_Length", "length(\"Subject\") <= 400");
                    table.CheckConstraint("CK_OpenIddictAuthorizations_Type_Length", "length(\"Type\") <= 50");
                    table.ForeignKey(
                        name: "FK_OpenIddictAuthorizations_OpenIddictApplications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "OpenIddictApplications",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateTable(
                name: "OpenIddictTokens",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    ApplicationId = table.Column<string>(type: "TEXT", nullable: true),
                    AuthorizationId = table.Column<string>(type: "TEXT", nullable: true),
                    ConcurrencyToken = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    CreationDate = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ExpirationDate = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Payload = table.Column<string>(type: "TEXT", nullable: true),
                    Properties = table.Column<string>(type: "TEXT", nullable: true),
                    RedemptionDate = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReferenceId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    Type = table.Column<string>(type: "TEXT", maxLength: 150, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OpenIddictTokens", x => x.Id);
                    table.CheckConstraint("CK_OpenIddictTokens_ConcurrencyToken_Length", "length(\"ConcurrencyToken\") <= 50");
                    table.CheckConstraint("CK_OpenIddictTokens_ReferenceId_Length", "length(\"ReferenceId\") <= 100");
                    table.CheckConstraint("CK_OpenIddictTokens_Status_Length", "length(\"Status\") <= 50");
                    table.CheckConstraint("CK_OpenIddictTokens_Subject_Length", "length(\"Subject\") <= 400");
                    table.CheckConstraint("CK_OpenIddictTokens_Type_Length", "length(\"Type\") <= 150");
                    table.ForeignKey(
                        name: "FK_OpenIddictTokens_OpenIddictApplications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "OpenIddictApplications",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_OpenIddictTokens_OpenIddictAuthorizations_AuthorizationId",
                        column: x => x.AuthorizationId,
                        principalTable: "OpenIddictAuthorizations",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuthEvents_Time",
                table: "AuthEvents",
                column: "Time");

            migrationBuilder.CreateIndex(
                name: "IX_OpenIddictApplications_ClientId",
                table: "OpenIddictApplications",
                column: "ClientId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OpenIddictAuthorizations_ApplicationId_Status_Subject_Type",
                table: "OpenIddictAuthorizations",
                columns: new[] { "ApplicationId", "Status", "Subject", "Type" });

            migrationBuilder.CreateIndex(
                name: "IX_OpenIddictScopes_Name",
                table: "OpenIddictScopes",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OpenIddictTokens_ApplicationId_Status_Subject_Type",
                table: "OpenIddictTokens",
                columns: new[] { "ApplicationId", "Status", "Subject", "Type" });

            migrationBuilder.CreateIndex(
                name: "IX_OpenIddictTokens_AuthorizationId",
                table: "OpenIddictTokens",
                column: "AuthorizationId");

            migrationBuilder.CreateIndex(
                name: "IX_OpenIddictTokens_ReferenceId",
                table: "OpenIddictTokens",
                column: "ReferenceId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Users_OrganisationCode",
                table: "Users",
                column: "OrganisationCode");

            migrationBuilder.CreateIndex(
                name: "IX_Users_Username",
                table: "Users",
                column: "Username",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AgencyClients");

            migrationBuilder.DropTable(
                name: "AuthEvents");

            migrationBuilder.DropTable(
                name: "OpenIddictScopes");

            migrationBuilder.DropTable(
                name: "OpenIddictTokens");

            migrationBuilder.DropTable(
                name: "Users");

            migrationBuilder.DropTable(
                name: "OpenIddictAuthorizations");

            migrationBuilder.DropTable(
                name: "OpenIddictApplications");
        }
    }
}
