#include "orm/engine.hpp"

#include "orm/dialect/dialect.hpp"

namespace orm {

Engine::Engine(Url url, EngineOptions options)
    : url_(std::move(url)), options_(options), dialect_(&dialect_for(url_)) {}

Engine::~Engine() = default;

Connection& Engine::connection() {
    if (!connection_) connection_ = connect();
    return *connection_;
}

std::unique_ptr<Connection> Engine::connect() const {
    auto connection = dialect_->connect(url_, options_);
    connection->set_echo(options_.echo);
    // This program's logger, not the module's copy (connection.hpp).
    connection->set_echo_sink(&log_statement);
    return connection;
}

void Engine::dispose() {
    connection_.reset();
}

bool Engine::database_exists() const {
    return dialect_->database_exists(url_);
}

bool Engine::has_table(std::string_view table) {
    return dialect_->has_table(connection(), table);
}

std::unique_ptr<Engine> create_engine(std::string_view url, EngineOptions options) {
    return std::make_unique<Engine>(Url::parse(url), options);
}

}  // namespace orm
