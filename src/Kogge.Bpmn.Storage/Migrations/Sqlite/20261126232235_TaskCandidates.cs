using Kogge.Bpmn.Storage.EntityFramework;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kogge.Bpmn.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TaskCandidates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BpmnTaskCandidates",
                columns: table => new
                {
                    TaskId = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BpmnTaskCandidates", x => new { x.TaskId, x.Kind, x.Name });
                });

            migrationBuilder.CreateIndex(
                name: "IX_BpmnUserTasks_TenantId_Assignee_DueDate",
                table: "BpmnUserTasks",
                columns: new[] { "TenantId", "Assignee", "DueDate" });

            migrationBuilder.CreateIndex(
                name: "IX_BpmnUserTasks_TenantId_DueDate_Id",
                table: "BpmnUserTasks",
                columns: new[] { "TenantId", "DueDate", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_BpmnTaskCandidates_TenantId_Kind_Name",
                table: "BpmnTaskCandidates",
                columns: new[] { "TenantId", "Kind", "Name" });

            migrationBuilder.Sql(TaskCandidateTriggers.SqliteUp);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(TaskCandidateTriggers.SqliteDown);

            migrationBuilder.DropTable(
                name: "BpmnTaskCandidates");

            migrationBuilder.DropIndex(
                name: "IX_BpmnUserTasks_TenantId_Assignee_DueDate",
                table: "BpmnUserTasks");

            migrationBuilder.DropIndex(
                name: "IX_BpmnUserTasks_TenantId_DueDate_Id",
                table: "BpmnUserTasks");
        }
    }
}
