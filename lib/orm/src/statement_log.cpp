#include <spdlog/spdlog.h>

#include "orm/connection.hpp"

namespace orm {

void log_statement(std::string_view line) {
    spdlog::info("{}", line);
}

}  // namespace orm
