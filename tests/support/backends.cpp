#include "backends.hpp"

#include <cstdlib>
#include <iostream>
#include <vector>

namespace support {

namespace {

const BackendInfo kBackends[] = {
    {Backend::sqlite,
     "sqlite",
     "sqlite",
     "",
     {.file_database = true,
      .foreign_keys_optional = true,
      .reuses_row_ids = true,
      .stores_invalid_utf8 = true}},
    {Backend::mysql,
     "mysql",
     "mariadb",
     "NOTES_TEST_MYSQL_URL",
     {.server = true,
      .session_time_zone = true,
      .enforces_column_types = true,
      .fault_injection = true}},
    {Backend::postgresql,
     "postgresql",
     "postgresql",
     "NOTES_TEST_PG_URL",
     {.server = true, .session_time_zone = true, .enforces_column_types = true}},
};

std::string env(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
}

std::vector<StartHook>& hooks() {
    static std::vector<StartHook> h;
    return h;
}

}  // namespace

const BackendInfo& current() {
    const auto name = env("NOTES_TEST_BACKEND");
    if (name == "mysql" || name == "mariadb") return kBackends[1];
    if (name == "postgresql" || name == "postgres") return kBackends[2];
    return kBackends[0];
}

const BackendInfo* all_backends(std::size_t& count) {
    count = std::size(kBackends);
    return kBackends;
}

std::optional<std::string> server_url() {
    const auto& b = current();
    if (b.url_variable.empty()) return std::nullopt;
    auto url = env(std::string(b.url_variable).c_str());
    if (url.empty()) return std::nullopt;
    const auto suite = env("NOTES_TEST_SUITE");
    if (b.backend == Backend::postgresql && !suite.empty()) {
        // postgresql://user:pw@host:port/DB?query -> .../DB_suite?query
        const auto query = url.find('?');
        url.insert(query == std::string::npos ? url.size() : query, "_" + suite);
    }
    return url;
}

void skip(std::string_view reason) {
    std::cout << kSkipMarker << ": " << reason << std::endl;
}

bool on_start(StartHook hook) {
    hooks().push_back(hook);
    return true;
}

namespace detail {
int run_start_hooks() {
    for (auto hook : hooks())
        if (const int rc = hook()) return rc;
    return 0;
}
}  // namespace detail

}  // namespace support
