using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kogge.Web.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EngineProcessId",
                table: "ServiceVersions",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "EngineProcessVersion",
                table: "ServiceVersions",
                type: "INTEGER",
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
