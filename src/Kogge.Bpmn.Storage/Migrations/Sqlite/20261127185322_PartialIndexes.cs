using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Kogge.Bpmn.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PartialIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_BpmnVariables_ScopeId_Name",
                table: "BpmnVariables");

            migrationBuilder.DropIndex(
                name: "IX_BpmnUserTasks_Assignee",
                table: "BpmnUserTasks");

            migrationBuilder.DropIndex(
                name: "IX_BpmnUserTasks_TenantId_Assignee_DueDate",
                table: "BpmnUserTasks");

            migrationBuilder.DropIndex(
                name: "IX_BpmnUserTasks_TenantId_DueDate_Id",
                table: "BpmnUserTasks");

            migrationBuilder.DropIndex(
                name: "IX_BpmnProcessInstances_BusinessKey",
                table: "BpmnProcessInstances");

            migrationBuilder.DropIndex(
                name: "IX_BpmnProcessInstances_ParentInstanceId",
                table: "BpmnProcessInstances");

            migrationBuilder.DropIndex(
                name: "IX_BpmnJobs_DefinitionId",
                table: "BpmnJobs");

            migrationBuilder.DropIndex(
                name: "IX_BpmnHistoryEvents_Id",
                table: "BpmnHistoryEvents");

            migrationBuilder.DropIndex(
                name: "IX_BpmnEventSubscriptions_DefinitionId",
                table: "BpmnEventSubscriptions");

            migrationBuilder.CreateIndex(
                name: "IX_BpmnUserTasks_Assignee",
                table: "BpmnUserTasks",
                column: "Assignee",
                filter: "\"Assignee\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_BpmnUserTasks_TenantId_Assignee_DueDate",
                table: "BpmnUserTasks",
                columns: new[] { "TenantId", "Assignee", "DueDate" },
                filter: "\"Assignee\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_BpmnUserTasks_TenantId_DueDate_Id",
                table: "BpmnUserTasks",
                columns: new[] { "TenantId", "DueDate", "Id" },
                filter: "\"DueDate\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_BpmnProcessInstances_BusinessKey",
                table: "BpmnProcessInstances",
                column: "BusinessKey",
                filter: "\"BusinessKey\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_BpmnProcessInstances_ParentInstanceId",
                table: "BpmnProcessInstances",
                column: "ParentInstanceId",
                filter: "\"ParentInstanceId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_BpmnJobs_DefinitionId",
                table: "BpmnJobs",
                column: "DefinitionId",
                filter: "\"ProcessInstanceId\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_BpmnEventSubscriptions_DefinitionId",
                table: "BpmnEventSubscriptions",
                column: "DefinitionId",
                filter: "\"ProcessInstanceId\" IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_BpmnUserTasks_Assignee",
                table: "BpmnUserTasks");

            migrationBuilder.DropIndex(
                name: "IX_BpmnUserTasks_TenantId_Assignee_DueDate",
                table: "BpmnUserTasks");

            migrationBuilder.DropIndex(
                name: "IX_BpmnUserTasks_TenantId_DueDate_Id",
                table: "BpmnUserTasks");

            migrationBuilder.DropIndex(
                name: "IX_BpmnProcessInstances_BusinessKey",
                table: "BpmnProcessInstances");

            migrationBuilder.DropIndex(
                name: "IX_BpmnProcessInstances_ParentInstanceId",
                table: "BpmnProcessInstances");

            migrationBuilder.DropIndex(
                name: "IX_BpmnJobs_DefinitionId",
                table: "BpmnJobs");

            migrationBuilder.DropIndex(
                name: "IX_BpmnEventSubscriptions_DefinitionId",
                table: "BpmnEventSubscriptions");

            migrationBuilder.CreateIndex(
                name: "IX_BpmnVariables_ScopeId_Name",
                table: "BpmnVariables",
                columns: new[] { "ScopeId", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_BpmnUserTasks_Assignee",
                table: "BpmnUserTasks",
                column: "Assignee");

            migrationBuilder.CreateIndex(
                name: "IX_BpmnUserTasks_TenantId_Assignee_DueDate",
                table: "BpmnUserTasks",
                columns: new[] { "TenantId", "Assignee", "DueDate" });

            migrationBuilder.CreateIndex(
                name: "IX_BpmnUserTasks_TenantId_DueDate_Id",
                table: "BpmnUserTasks",
                columns: new[] { "TenantId", "DueDate", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_BpmnProcessInstances_BusinessKey",
                table: "BpmnProcessInstances",
                column: "BusinessKey");

            migrationBuilder.CreateIndex(
                name: "IX_BpmnProcessInstances_ParentInstanceId",
                table: "BpmnProcessInstances",
                column: "ParentInstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_BpmnJobs_DefinitionId",
                table: "BpmnJobs",
                column: "DefinitionId");

            migrationBuilder.CreateIndex(
                name: "IX_BpmnHistoryEvents_Id",
                table: "BpmnHistoryEvents",
                column: "Id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BpmnEventSubscriptions_DefinitionId",
                table: "BpmnEventSubscriptions",
                column: "DefinitionId");
        }
    }
}
