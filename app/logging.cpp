#include "logging.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <string>

namespace app {

namespace {
bool quiet_notices = false;
}

void setup_logging(int verbose, bool quiet) {
    quiet_notices = quiet;
    auto logger = spdlog::stderr_logger_st("notes");
    logger->set_pattern("notes: %l: %v");
    spdlog::level::level_enum level = spdlog::level::warn;
    if (quiet) {
        level = spdlog::level::err;
    } else if (verbose >= 2) {
        level = spdlog::level::debug;
    } else if (verbose == 1) {
        level = spdlog::level::info;
    }
    logger->set_level(level);
    spdlog::set_default_logger(std::move(logger));
}

void notice(std::string_view message) {
    if (quiet_notices) return;
    std::string line = "notes: ";
    line.append(message);
    line.push_back('\n');
    std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace app
