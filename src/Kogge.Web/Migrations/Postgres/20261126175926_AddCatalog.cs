using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kogge.Web.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AddCatalog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PublicServices",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    LeikaKey = table.Column<string>(type: "character varying(14)", maxLength: 14, nullable: false),
                    Slug = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ShortText = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Category = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Requirements = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    RequiredDocuments = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    Costs = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    Deadlines = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    ProcessingTime = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    LegalBasis = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    OfficeName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    OfficeAddress = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    OfficePhone = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    OfficeEmail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    OfficeHours = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    TrustLevel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    TargetProcessingDays = table.Column<int>(type: "integer", nullable: true),
                    RetentionApprovedYears = table.Column<int>(type: "integer", nullable: true),
                    RetentionRejectedYears = table.Column<int>(type: "integer", nullable: true),
                    RetentionWithdrawnYears = table.Column<int>(type: "integer", nullable: true),
                    PublishedVersionId = table.Column<Guid>(type: "uuid", nullable: true),
                    SearchText = table.Column<string>(type: "character varying(2500)", maxLength: 2500, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PublicServices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ServiceVersions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    ServiceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ChangeNote = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PublishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RetiredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ServiceVersions_PublicServices_ServiceId",
                        column: x => x.ServiceId,
                        principalTable: "PublicServices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "ServiceArtifacts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    VersionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Content = table.Column<string>(type: "text", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceArtifacts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ServiceArtifacts_ServiceVersions_VersionId",
                        column: x => x.VersionId,
                        principalTable: "ServiceVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PublicServices_TenantId_LeikaKey",
                table: "PublicServices",
                columns: new[] { "TenantId", "LeikaKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PublicServices_TenantId_Slug",
                table: "PublicServices",
                columns: new[] { "TenantId", "Slug" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ServiceArtifacts_VersionId_Kind_Name",
                table: "ServiceArtifacts",
                columns: new[] { "VersionId", "Kind", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ServiceVersions_OnePublished",
                table: "ServiceVersions",
                column: "ServiceId",
                unique: true,
                filter: "\"State\" = 'Published'");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceVersions_ServiceId_Number",
                table: "ServiceVersions",
                columns: new[] { "ServiceId", "Number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ServiceArtifacts");

            migrationBuilder.DropTable(
                name: "ServiceVersions");

            migrationBuilder.DropTable(
                name: "PublicServices");
        }
    }
}
