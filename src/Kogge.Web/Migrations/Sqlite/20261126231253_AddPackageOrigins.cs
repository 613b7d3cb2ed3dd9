using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kogge.Web.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddPackageOrigins : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PackageOrigins",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    TenantId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VersionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MunicipalitySlug = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    MunicipalityName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    OriginVersionNumber = table.Column<int>(type: "INTEGER", nullable: true),
                    PackageId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    PackageSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ContentAsOf = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    KoggeVersion = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    ImportedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PackageOrigins", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PackageOrigins_ServiceVersions_VersionId",
                        column: x => x.VersionId,
                        principalTable: "ServiceVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PackageOrigins_VersionId",
                table: "PackageOrigins",
                column: "VersionId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PackageOrigins");
        }
    }
}
