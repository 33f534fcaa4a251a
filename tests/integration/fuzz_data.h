// The fuzz test's data (fuzz_test.cpp): a model with a user task, a timer and an external
// task, a decision, the route table of the server, a corpus of valid bodies, hostile strings.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace dpc::test::fuzz {

inline const char* kModel = R"(<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
  <bpmn:process id="fuzz" isExecutable="true">
    <bpmn:startEvent id="s"/>
    <bpmn:userTask id="review" camunda:assignee="demo"/>
    <bpmn:boundaryEvent id="late" attachedToRef="review" cancelActivity="false">
      <bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:serviceTask id="book" camunda:type="external" camunda:topic="fuzzing"/>
    <bpmn:endEvent id="e"/>
    <bpmn:endEvent id="late_end"/>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="review"/>
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="book"/>
    <bpmn:sequenceFlow id="f3" sourceRef="book" targetRef="e"/>
    <bpmn:sequenceFlow id="f4" sourceRef="late" targetRef="late_end"/>
  </bpmn:process>
</bpmn:definitions>)";

inline const char* kDecision = R"(<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="fuzz_d" name="D" namespace="http://dpc/tests/fuzz">
  <decision id="fuzz_decision" name="Fuzz">
    <decisionTable id="t" hitPolicy="FIRST">
      <input id="i1" label="amount"><inputExpression id="ie1" typeRef="number"><text>amount</text></inputExpression></input>
      <output id="o1" name="level" typeRef="string"/>
      <rule id="r1"><inputEntry id="e1"><text>&lt; 1000</text></inputEntry><outputEntry id="oe1"><text>"low"</text></outputEntry></rule>
      <rule id="r2"><inputEntry id="e2"><text>-</text></inputEntry><outputEntry id="oe2"><text>"high"</text></outputEntry></rule>
    </decisionTable>
  </decision>
</definitions>)";

// The routes the server registers (src/app/services.cpp → add_*_routes in src/http/handlers,
// system_routes.cpp), each with the kind of body it reads ("" = none).
struct Route {
  std::string method, path, body;
};

inline const std::vector<Route>& routes() {
  static const std::vector<Route> all = [] {
    std::vector<Route> r = {
        {"GET", "/engine-rest/engine", ""}, {"GET", "/engine-rest/version", ""}, {"GET", "/health", ""},
        {"POST", "/engine-rest/deployment/create", "deployment"},
        {"GET", "/engine-rest/deployment", ""}, {"GET", "/engine-rest/deployment/count", ""},
        {"GET", "/engine-rest/deployment/{deploymentId}", ""},
        {"DELETE", "/engine-rest/deployment/{deploymentId}", ""},
        {"GET", "/engine-rest/deployment/{deploymentId}/resources", ""},
        {"GET", "/engine-rest/deployment/{deploymentId}/resources/{resourceId}", ""},
        {"GET", "/engine-rest/deployment/{deploymentId}/resources/{resourceId}/data", ""},
        {"GET", "/engine-rest/process-definition", ""}, {"GET", "/engine-rest/process-definition/count", ""},
        {"PUT", "/engine-rest/process-definition/suspended", "suspension"},
        {"DELETE", "/engine-rest/process-definition/{definitionId}", ""},
        {"POST", "/engine-rest/process-definition/{definitionId}/start", "start"},
        {"POST", "/engine-rest/process-definition/{definitionId}/submit-form", "start"},
        {"POST", "/engine-rest/process-definition/key/{key}/start", "start"},
        {"POST", "/engine-rest/process-definition/key/{key}/submit-form", "start"},
        {"GET", "/engine-rest/process-definition/statistics", ""},
        {"GET", "/engine-rest/process-definition/{definitionId}/statistics", ""},
        {"GET", "/engine-rest/decision-definition", ""}, {"GET", "/engine-rest/decision-definition/count", ""},
        {"GET", "/engine-rest/history/decision-instance", ""},
        {"GET", "/engine-rest/history/decision-instance/count", ""},
        {"GET", "/engine-rest/process-instance/{instanceId}", ""},
        {"DELETE", "/engine-rest/process-instance/{instanceId}", ""},
        {"PUT", "/engine-rest/process-instance/{instanceId}/suspended", "suspension"},
        {"GET", "/engine-rest/process-instance/{instanceId}/variables", ""},
        {"POST", "/engine-rest/process-instance/{instanceId}/variables", "modifications"},
        {"GET", "/engine-rest/process-instance/{instanceId}/variables/{name}", ""},
        {"GET", "/engine-rest/process-instance/{instanceId}/variables/{name}/data", ""},
        {"PUT", "/engine-rest/process-instance/{instanceId}/variables/{name}", "variable"},
        {"DELETE", "/engine-rest/process-instance/{instanceId}/variables/{name}", ""},
        {"GET", "/engine-rest/process-instance/{instanceId}/activity-instances", ""},
        {"POST", "/engine-rest/process-instance/{instanceId}/modification", "modification"},
        {"GET", "/engine-rest/task/{taskId}", ""},
        {"POST", "/engine-rest/task/{taskId}/claim", "user"},
        {"POST", "/engine-rest/task/{taskId}/unclaim", ""},
        {"POST", "/engine-rest/task/{taskId}/assignee", "user"},
        {"POST", "/engine-rest/task/{taskId}/complete", "complete"},
        {"POST", "/engine-rest/task/{taskId}/submit-form", "complete"},
        {"GET", "/engine-rest/task/{taskId}/form", ""},
        {"GET", "/engine-rest/task/{taskId}/form-variables", ""},
        {"GET", "/engine-rest/task/{taskId}/identity-links", ""},
        {"POST", "/engine-rest/external-task/fetchAndLock", "fetch"},
        {"GET", "/engine-rest/external-task/{externalTaskId}", ""},
        {"GET", "/engine-rest/external-task/{externalTaskId}/errorDetails", ""},
        {"POST", "/engine-rest/external-task/{externalTaskId}/complete", "external-complete"},
        {"POST", "/engine-rest/external-task/{externalTaskId}/failure", "failure"},
        {"POST", "/engine-rest/external-task/{externalTaskId}/bpmnError", "bpmn-error"},
        {"POST", "/engine-rest/external-task/{externalTaskId}/extendLock", "extend"},
        {"POST", "/engine-rest/external-task/{externalTaskId}/unlock", ""},
        {"PUT", "/engine-rest/external-task/{externalTaskId}/retries", "retries"},
        {"GET", "/engine-rest/job/{jobId}", ""}, {"GET", "/engine-rest/job/{jobId}/stacktrace", ""},
        {"PUT", "/engine-rest/job/{jobId}/retries", "retries"},
        {"PUT", "/engine-rest/job/{jobId}/duedate", "duedate"},
        {"POST", "/engine-rest/job/{jobId}/execute", ""},
        {"GET", "/engine-rest/history/process-instance/{instanceId}", ""},
        {"GET", "/engine-rest/history/variable-instance/{variableId}", ""},
        {"GET", "/engine-rest/history/variable-instance/{variableId}/data", ""},
        {"GET", "/engine-rest/history/user-operation", ""},
        {"GET", "/engine-rest/history/user-operation/count", ""},
        {"PUT", "/engine-rest/history/user-operation/{operationId}/set-annotation", "annotation"},
        {"PUT", "/engine-rest/history/user-operation/{operationId}/clear-annotation", ""},
        {"GET", "/engine-rest/incident", ""}, {"GET", "/engine-rest/incident/count", ""},
        {"POST", "/engine-rest/message", "message"}, {"POST", "/engine-rest/signal", "signal"},
        {"POST", "/engine-rest/condition", "condition"},
    };
    for (const char* one : {"/engine-rest/process-definition/{definitionId}",
                            "/engine-rest/process-definition/key/{key}",
                            "/engine-rest/process-definition/key/{key}/tenant-id/{tenantId}"}) {
      for (std::string tail : {"", "/xml"}) r.push_back({"GET", one + tail, ""});
      r.push_back({"PUT", std::string(one) + "/suspended", "suspension"});
    }
    for (const char* one : {"/engine-rest/decision-definition/{decisionId}",
                            "/engine-rest/decision-definition/key/{decisionKey}",
                            "/engine-rest/decision-definition/key/{decisionKey}/tenant-id/{tenantId}"}) {
      for (std::string tail : {"", "/xml"}) r.push_back({"GET", one + tail, ""});
      r.push_back({"POST", std::string(one) + "/evaluate", "evaluate"});
    }
    for (const char* kind : {"variables", "localVariables"}) {
      std::string base = std::string("/engine-rest/task/{taskId}/") + kind;
      r.push_back({"GET", base, ""});
      r.push_back({"POST", base, "modifications"});
      for (const char* m : {"GET", "PUT", "DELETE"}) {
        r.push_back({m, base + "/{name}", std::string(m) == "PUT" ? "variable" : ""});
      }
    }
    // List resources: GET and GET /count and their POST query twins.
    for (const char* path : {"/engine-rest/task", "/engine-rest/external-task", "/engine-rest/process-instance",
                             "/engine-rest/job", "/engine-rest/history/process-instance",
                             "/engine-rest/history/activity-instance", "/engine-rest/history/task",
                             "/engine-rest/history/variable-instance"}) {
      for (std::string tail : {"", "/count"}) {
        r.push_back({"GET", path + tail, ""});
        r.push_back({"POST", path + tail, "query"});
      }
    }
    return r;
  }();
  return all;
}

// One valid body of each kind; the mutations start from these.
inline const std::map<std::string, std::string> kCorpus = {
    {"start", R"({"businessKey":"fz","variables":{"amount":{"value":5,"type":"Integer"},"note":{"value":"x"}},"withVariablesInReturn":true})"},
    {"suspension", R"({"suspended":false,"includeProcessInstances":false,"processDefinitionKey":"fuzz"})"},
    {"modifications", R"({"modifications":{"a":{"value":"s","type":"String"},"d":{"value":"2026-01-01T00:00:00.000+0000","type":"Date"},)"
                      R"("j":{"value":"{\"k\":[1,2]}","type":"Json"},"b":{"value":"AAEC","type":"Bytes"},"f":{"value":1e308,"type":"Double"},)"
                      R"("s":{"value":7,"type":"Short"},"o":{"value":"x","type":"Object","valueInfo":{"objectTypeName":"java.lang.String","serializationDataFormat":"application/json"}},)"
                      R"("x":{"value":"<a/>","type":"Xml"},"n":{"value":null,"type":"Null"},"u":{"value":[1,{"a":null}]}},"deletions":["b"]})"},
    {"variable", R"({"value":5,"type":"Long","valueInfo":{}})"},
    {"modification", R"({"skipCustomListeners":true,"instructions":[{"type":"startBeforeActivity","activityId":"review","variables":{"m":{"value":1,"local":true}}}]})"},
    {"user", R"({"userId":"demo"})"},
    {"complete", R"({"variables":{"ok":{"value":true,"type":"Boolean"}},"withVariablesInReturn":false})"},
    {"fetch", R"({"workerId":"w","maxTasks":2,"usePriority":true,"asyncResponseTimeout":0,"topics":[{"topicName":"fuzzing","lockDuration":1000,"variables":["amount"],"localVariables":false}]})"},
    {"external-complete", R"({"workerId":"w","variables":{"done":{"value":1}},"localVariables":{"l":{"value":"x"}}})"},
    {"failure", R"({"workerId":"w","errorMessage":"e","errorDetails":"d","retries":1,"retryTimeout":10})"},
    {"bpmn-error", R"({"workerId":"w","errorCode":"E1","errorMessage":"m","variables":{}})"},
    {"extend", R"({"workerId":"w","newDuration":1000})"},
    {"retries", R"({"retries":3,"dueDate":"2026-12-01T10:00:00.000+0000"})"},
    {"annotation", R"({"annotation":"checked by operations"})"},
    {"duedate", R"({"duedate":"2026-12-01T10:00:00.000+0000"})"},
    {"evaluate", R"({"variables":{"amount":{"value":100,"type":"Integer"}}})"},
    {"message", R"({"messageName":"m","businessKey":"fz","correlationKeys":{"k":{"value":"v"}},"processVariables":{},"all":true,"resultEnabled":true,"variablesInResultEnabled":true})"},
    {"signal", R"({"name":"s","variables":{"x":{"value":1}}})"},
    {"condition", R"({"variables":{"x":{"value":1}},"businessKey":"fz"})"},
    {"query", R"({"processInstanceIds":["a"],"active":true,"sorting":[{"sortBy":"instanceId","sortOrder":"asc"}],"variables":[{"name":"amount","operator":"eq","value":5}]})"},
};

inline std::string deep(int levels, const std::string& inner = "1") {
  return std::string(levels, '[') + inner + std::string(levels, ']');
}

// Text that no handler should take at face value.
inline const std::vector<std::string>& hostile_strings() {
  static const std::vector<std::string> all = {
      "' OR 1=1 --", "%", "_", "*", "../", "../../etc/passwd", "%2e%2e%2f", "\\", "\"", "{}", "null",
      std::string(100000, 'x'), "\xff\xfe", "a\xc3(", "\xc0\xaf", "\xed\xa0\x80", std::string("a\0b", 3),
      "\u00e9\u4e2d\U0001F600", "-1", "1e999", "99999999999999999999999", " ", "",
  };
  return all;
}

}  // namespace dpc::test::fuzz
