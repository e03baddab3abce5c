#include "version_info.hpp"

#include <fmt/format.h>
#include <spdlog/version.h>
#include <utf8proc.h>

#include <CLI/Version.hpp>
#include <nlohmann/json.hpp>

#include "orm/versions.hpp"

#ifndef NOTES_VERSION
#error "NOTES_VERSION must be defined by the build (app/CMakeLists.txt)"
#endif

namespace app {

namespace {

// "10.1.1" from FMT_VERSION 100101
std::string dotted(long number, long step) {
    return fmt::format("{}.{}.{}", number / (step * step), number / step % step, number % step);
}

}  // namespace

std::string version_text() {
    std::string text = "notes " NOTES_VERSION;
    auto add = [&text](std::string_view name, const std::string& version) {
        text += fmt::format("\n{} {}", name, version);
    };
    // The ORM's own, then its backends' client libraries (each server
    // backend's module is loaded to ask it).
    for (const auto& [name, version] : orm::library_versions())
        add(name, version);
    add("spdlog", fmt::format("{}.{}.{}", SPDLOG_VER_MAJOR, SPDLOG_VER_MINOR, SPDLOG_VER_PATCH));
    add("fmt", dotted(FMT_VERSION, 100));
    add("CLI11", CLI11_VERSION);
    add("nlohmann_json", fmt::format("{}.{}.{}", NLOHMANN_JSON_VERSION_MAJOR,
                                     NLOHMANN_JSON_VERSION_MINOR, NLOHMANN_JSON_VERSION_PATCH));
    add("utf8proc", utf8proc_version());
    return text;
}

}  // namespace app
