// Analyst-facing subcommands of the dpc binary that need no server or database.
// Each takes the arguments after the subcommand name (flags included) and returns the
// process exit code: 0 success, 1 evaluation failure, 2 bad usage. Output goes to
// stdout, messages to stderr.
#pragma once

#include <string>
#include <vector>

namespace dpc::app {

// dpc feel 'expression' [--context JSON]: evaluates one FEEL expression and prints the
// result as FEEL text. `--context` takes a JSON object (or @file with one) of variables.
int run_feel(const std::vector<std::string>& args);

// dpc tck <TestCases folder> [--out tck_results.csv]: runs the DMN TCK and prints its
// summary line. Without a folder, DPC_TCK_DIR is used.
int run_tck(const std::vector<std::string>& args);

}  // namespace dpc::app
