using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kogge.Web.Migrations.Postgres
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TenantId = table.Column<Guid>(type: "uuid", nullable: false),
                    VersionId = table.Column<Guid>(type: "uuid", nullable: false),
                    MunicipalitySlug = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    MunicipalityName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    OriginVersionNumber = table.Column<int>(type: "integer", nullable: true),
                    PackageId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    PackageSha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ContentAsOf = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    KoggeVersion = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    ImportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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
