// dpc's entry point: parses the command line and runs one subcommand.
#include <iostream>

#include <spdlog/spdlog.h>

#include "dpc/app/config.h"
#include "dpc/core/version.h"
#include "admin_command.h"
#include "commands.h"
#include "serve.h"

int main(int argc, char** argv) {
  using namespace dpc::app;
  std::vector<std::string> args(argv + 1, argv + argc);
  auto cmd = parse_command_line(args, process_env);
  if (!cmd) {
    std::cerr << "dpc: " << cmd.error().message << "\n";
    return 2;
  }
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%-5l%$ %v");
  spdlog::set_level(spdlog::level::from_str(cmd->config.log_level));
  if (cmd->name == "help") {
    std::cout << usage();
    return 0;
  }
  if (cmd->name == "version") {
    std::cout << "dpc " << dpc::version() << " (Camunda REST API " << dpc::kCamundaApiVersion
              << ")\n";
    return 0;
  }
  if (cmd->name == "serve") return run_serve(cmd->config);
  if (cmd->name == "migrate") return run_migrate(cmd->config);
  if (cmd->name == "feel") return run_feel(cmd->args);
  if (cmd->name == "tck") return run_tck(cmd->args);
  if (cmd->name == "admin") return run_admin(cmd->config, cmd->args, std::cin);
  std::cerr << "dpc: the '" << cmd->name << "' command is not available in this build\n";
  return 2;
}
