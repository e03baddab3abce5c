#include "logging.hpp"

#include <spdlog/details/null_mutex.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <memory>
#include <string>

#include "orm/url.hpp"

namespace app {

namespace {
bool quiet_notices = false;

// stderr, through the same redaction as error messages: a log line may quote
// the --db value, or a SQL parameter holding a URL.
class RedactingStderrSink : public spdlog::sinks::base_sink<spdlog::details::null_mutex> {
  protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        spdlog::memory_buf_t formatted;
        formatter_->format(msg, formatted);
        auto line = orm::redact_secrets(std::string_view(formatted.data(), formatted.size()));
        std::fwrite(line.data(), 1, line.size(), stderr);
    }
    void flush_() override { std::fflush(stderr); }
};

}  // namespace

void setup_logging(int verbose, bool quiet) {
    quiet_notices = quiet;
    auto logger =
        std::make_shared<spdlog::logger>("notes", std::make_shared<RedactingStderrSink>());
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
