using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kogge.Bpmn.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UserTaskCreationOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_BpmnUserTasks_CreatedAt_Id",
                table: "BpmnUserTasks",
                columns: new[] { "CreatedAt", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_BpmnUserTasks_CreatedAt_Id",
                table: "BpmnUserTasks");
        }
    }
}
