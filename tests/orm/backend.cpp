#include "backend.hpp"

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <stdlib.h>

#include <doctest/doctest.h>
#include <cstdlib>
#include <iostream>
#include <system_error>

namespace test {

orm::MetaData& all_tables() {
    static orm::MetaData metadata = [] {
        orm::MetaData m;
        m.add<Category>().add<Note>().add<Sample>().add<Strict>();
        m.add<Root>().add<Branch>().add<Leaf>().add<Odd>().add<NoteCopy>();
        m.add<Reusable>();
        return m;
    }();
    return metadata;
}

void drop_test_tables(orm::Connection& connection) {
    all_tables().drop_all(connection);
    orm::SchemaVersion(kMetaTable, "schema_version").drop(connection);
}

std::unique_ptr<orm::Engine> make_engine(orm::EngineOptions options) {
    if (!capabilities().server) return orm::create_engine("sqlite://", options);
    const auto url = support::server_url();
    REQUIRE_MESSAGE(url, "the server's URL variable is not set");
    auto engine = orm::create_engine(*url, options);
    drop_test_tables(engine->connection());
    return engine;
}

TempDir::TempDir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/orm-tests-XXXXXX";
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

std::unique_ptr<orm::Engine> make_file_engine(const TempDir& dir, orm::EngineOptions options,
                                              const std::string& file) {
    if (!capabilities().file_database) return make_engine(options);
    return orm::create_engine("sqlite:///" + (dir.path() / file).string(), options);
}

Db::Db(orm::EngineOptions options) : Db(make_engine(options)) {}

Db::Db(std::unique_ptr<orm::Engine> e) : engine(std::move(e)), session(*engine) {
    all_tables().create_all(engine->connection());
}

std::int64_t scalar(orm::Connection& connection, const std::string& sql,
                    const std::vector<orm::Value>& params) {
    auto statement = connection.prepare(sql);
    statement->bind_all(params);
    REQUIRE_MESSAGE(statement->step(), "no row from: " << sql);
    return statement->get_int64(0);
}

std::string scalar_text(orm::Connection& connection, const std::string& sql,
                        const std::vector<orm::Value>& params) {
    auto statement = connection.prepare(sql);
    statement->bind_all(params);
    REQUIRE_MESSAGE(statement->step(), "no row from: " << sql);
    return std::string(statement->get_text(0));
}

std::int64_t count_rows(orm::Connection& connection, std::string_view table) {
    return scalar(connection, "SELECT COUNT(*) FROM " + connection.dialect().quote(table));
}

std::vector<std::string> index_names(orm::Connection& connection, std::string_view table) {
    // The catalogs differ: this is the one backend-specific query of the helpers.
    std::string sql;
    switch (backend()) {
        case Backend::sqlite:
            sql = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?";
            break;
        case Backend::mysql:
            sql =
                "SELECT DISTINCT index_name FROM information_schema.statistics "
                "WHERE table_schema = DATABASE() AND table_name = ?";
            break;
        case Backend::postgresql:
            sql =
                "SELECT indexname FROM pg_catalog.pg_indexes "
                "WHERE schemaname = current_schema() AND tablename = ?";
            break;
    }
    auto statement = connection.prepare(sql);
    statement->bind(1, std::string(table));
    std::vector<std::string> out;
    while (statement->step())
        out.emplace_back(statement->get_text(0));
    return out;
}

LogCapture::LogCapture() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_st>(out_);
    auto logger = std::make_shared<spdlog::logger>("orm-test-capture", sink);
    logger->set_level(spdlog::level::trace);
    logger->set_pattern("%l %v");
    spdlog::set_default_logger(logger);
}

LogCapture::~LogCapture() {
    spdlog::set_default_logger(previous_);
}

}  // namespace test
