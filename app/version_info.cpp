#include "version_info.hpp"

#include <fmt/format.h>
#include <mariadb/mysql.h>  // mysql_get_client_info(); its own includes are relative
#include <spdlog/version.h>
#include <sqlite3.h>
#include <utf8proc.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <CLI/Version.hpp>
#include <nlohmann/json.hpp>

#ifndef NOTES_VERSION
#error "NOTES_VERSION must be defined by the build (app/CMakeLists.txt)"
#endif

namespace app {

namespace {

// "3.02.01" (SQLiteCpp's spelling) from SQLITECPP_VERSION_NUMBER 3002001 -> "3.2.1"
std::string dotted(long number, long step) {
    return fmt::format("{}.{}.{}", number / (step * step), number / step % step, number % step);
}

}  // namespace

std::string version_text() {
    std::string text = "notes " NOTES_VERSION;
    auto add = [&text](std::string_view name, const std::string& version) {
        text += fmt::format("\n{} {}", name, version);
    };
    add("sqlite", sqlite3_libversion());  // the loaded library, not the header
    add("SQLiteCpp", dotted(SQLITECPP_VERSION_NUMBER, 1000));
    add("mariadb-client", mysql_get_client_info());
    add("spdlog", fmt::format("{}.{}.{}", SPDLOG_VER_MAJOR, SPDLOG_VER_MINOR, SPDLOG_VER_PATCH));
    add("fmt", dotted(FMT_VERSION, 100));
    add("CLI11", CLI11_VERSION);
    add("nlohmann_json", fmt::format("{}.{}.{}", NLOHMANN_JSON_VERSION_MAJOR,
                                     NLOHMANN_JSON_VERSION_MINOR, NLOHMANN_JSON_VERSION_PATCH));
    add("utf8proc", utf8proc_version());
    return text;
}

}  // namespace app
