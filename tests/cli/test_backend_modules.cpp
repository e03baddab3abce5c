// Backends are modules: a SQLite command never maps the MySQL client library
// (nor the OpenSSL it loads); a MySQL URL loads orm-mysql.so; a missing or
// broken module is exit 4 naming it. Checked on the real binary, through
// the dynamic loader's own report (LD_DEBUG=files) and /proc/PID/maps.
#include <doctest/doctest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "harness.hpp"

using namespace cli;

namespace {

// Libraries a SQLite command must never load.
const char* const kServerLibraries[] = {"libmariadb",       "libmysqlclient", "libssl",
                                        "libcrypto",        "orm-mysql.so",   "libpq",
                                        "orm-postgresql.so"};

// The files the dynamic loader opened, from LD_DEBUG=files lines such as
// "   1234:     file=libsqlite3.so.0 [0];  needed by ./notes [0]".
std::vector<std::string> loaded_files(const std::string& err) {
    std::vector<std::string> files;
    std::istringstream in(err);
    for (std::string line; std::getline(in, line);) {
        const auto at = line.find("file=");
        if (at == std::string::npos) continue;
        const auto end = line.find_first_of(" \t;", at + 5);
        files.push_back(line.substr(at + 5, end == std::string::npos ? end : end - at - 5));
    }
    return files;
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items)
        out += (out.empty() ? "" : " ") + s;
    return out;
}

bool mentions(const std::vector<std::string>& files, std::string_view what) {
    for (const auto& f : files)
        if (f.find(what) != std::string::npos) return true;
    return false;
}

std::string read_text(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// A URL of the mysql scheme whose module is looked for (never connected to).
constexpr const char* kUnreachableMysql = "mysql://nobody@127.0.0.1:1/none";

}  // namespace

TEST_SUITE_BEGIN("backend-modules");

TEST_CASE_FIXTURE(Env, "a SQLite command loads neither libmariadb nor libssl (LD_DEBUG=files)") {
    if (backend() != Backend::sqlite) return skip("the SQLite command's libraries");
    REQUIRE_OK(run({"-q", "create", "work"}));
    const EnvVars debug{{"LD_DEBUG", "files"}};
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"add", "hello modules", "-c", "work"}, {"show", "1"}, {"list", "work"}}) {
        CAPTURE(joined(args));
        Result r = run(args, {}, debug);
        REQUIRE_OK(r);
        const auto files = loaded_files(r.err);
        CAPTURE(joined(files));
        // The loader did report: SQLite is there, linked in.
        REQUIRE(mentions(files, "libsqlite3"));
        for (const char* library : kServerLibraries)
            CHECK_MESSAGE(!mentions(files, library), library << " was loaded");
    }
}

TEST_CASE_FIXTURE(Env, "a running SQLite command has no server library mapped (/proc/PID/maps)") {
    if (backend() != Backend::sqlite) return skip("the SQLite command's libraries");
    // import reads all of stdin first: the process waits there, mapped.
    RunOptions o = options();
    o.close_stdin = false;
    Process p(argv({"import", "-"}), o);
    std::string maps;
    for (int i = 0; i < 1000; ++i) {  // until it sleeps in read(), at most ~10 s
        maps = read_text(fs::path("/proc") / std::to_string(p.pid()) / "maps");
        const auto stat = read_text(fs::path("/proc") / std::to_string(p.pid()) / "stat");
        const auto close = stat.rfind(')');
        if (maps.find("libsqlite3") != std::string::npos && close != std::string::npos &&
            stat.compare(close + 2, 1, "S") == 0)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE_MESSAGE(maps.find("libsqlite3") != std::string::npos, maps);
    for (const char* library : kServerLibraries)
        CHECK_MESSAGE(maps.find(library) == std::string::npos, library << " is mapped:\n" << maps);
    p.write_stdin(R"({"category":"work","text":"mapped"})"
                  "\n");
    p.close_stdin();
    Result r = p.wait();
    REQUIRE_OK(r);
}

TEST_CASE_FIXTURE(Env, "a MySQL URL loads the orm-mysql.so module and the client library") {
    if (backend() != Backend::mysql) return skip("needs the MariaDB server");
    Result r = run({"list"}, {}, {{"LD_DEBUG", "files"}});
    REQUIRE_OK(r);
    const auto files = loaded_files(r.err);
    CAPTURE(joined(files));
    CHECK(mentions(files, "orm-mysql.so"));
    CHECK(mentions(files, "libmariadb"));
    CHECK_FALSE(mentions(files, "orm-postgresql.so"));
    CHECK_FALSE(mentions(files, "libpq"));
}

TEST_CASE_FIXTURE(Env, "a PostgreSQL URL loads the orm-postgresql.so module and libpq only") {
    if (backend() != Backend::postgresql) return skip("needs the PostgreSQL server");
    Result r = run({"list"}, {}, {{"LD_DEBUG", "files"}});
    REQUIRE_OK(r);
    const auto files = loaded_files(r.err);
    CAPTURE(joined(files));
    CHECK(mentions(files, "orm-postgresql.so"));
    CHECK(mentions(files, "libpq"));
    CHECK_FALSE(mentions(files, "orm-mysql.so"));
    CHECK_FALSE(mentions(files, "libmariadb"));
}

TEST_CASE_FIXTURE(Env, "a missing backend module is exit 4 naming it, nothing written") {
    const auto empty = dir / "no-modules";
    fs::create_directories(empty);
    const EnvVars path{{"ORM_BACKEND_PATH", empty.string()}};
    Result r = run_nodb({"--db", kUnreachableMysql, "list"}, {}, path);
    CHECK(r.code == 4);
    CHECK(r.out.empty());
    CHECK_MESSAGE(r.err.find("orm-mysql.so") != std::string::npos, r.err);
    CHECK_MESSAGE(r.err.find(empty.string()) != std::string::npos, r.err);

    Result j = run_nodb({"--json", "--db", kUnreachableMysql, "add", "x", "-c", "y"}, {}, path);
    CHECK(j.code == 4);
    CHECK(j.err_json()["error"]["code"] == "database");
    CHECK(j.err_json()["error"]["message"].get<std::string>().find("orm-mysql.so") !=
          std::string::npos);

    // SQLite is built in: no module needed.
    if (file_database()) REQUIRE_OK(run({"-q", "create", "fine"}, {}, path));
}

TEST_CASE_FIXTURE(Env, "a module that is not a backend is exit 4 naming it") {
    const auto folder = dir / "bad-modules";
    fs::create_directories(folder);
    write_file("bad-modules/orm-mysql.so", "not a shared object\n");
    Result r =
        run_nodb({"--db", kUnreachableMysql, "list"}, {}, {{"ORM_BACKEND_PATH", folder.string()}});
    CHECK(r.code == 4);
    CHECK_MESSAGE(r.err.find((folder / "orm-mysql.so").string()) != std::string::npos, r.err);
}

TEST_CASE_FIXTURE(Env, "--version names the server backends' client libraries") {
    Result r = run_nodb({"--version"});
    REQUIRE_OK(r);
    CHECK_MESSAGE(r.out.find("\nmariadb-client ") != std::string::npos, r.out);
    CHECK_MESSAGE(r.out.find("\nlibpq ") != std::string::npos, r.out);
    CHECK_MESSAGE(r.out.find("\nsqlite 3.") != std::string::npos, r.out);
    CHECK_MESSAGE(r.out.find("\norm ") != std::string::npos, r.out);
}

TEST_SUITE_END();
