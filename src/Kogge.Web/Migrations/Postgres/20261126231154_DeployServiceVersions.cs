using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kogge.Web.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DeployServiceVersions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "EngineDefinitionId",
                table: "ServiceVersions",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EngineProcessId",
                table: "ServiceVersions",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "EngineProcessVersion",
                table: "ServiceVersions",
                type: "integer",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "EngineDefinitionId",
                table: "ServiceVersions");

            migrationBuilder.DropColumn(
                name: "EngineProcessId",
                table: "ServiceVersions");

            migrationBuilder.DropColumn(
                name: "EngineProcessVersion",
                table: "ServiceVersions");
        }
    }
}
