#pragma once
// The starting point: an Engine knows its URL and dialect and holds one
// connection, opened on first use (so a program that fails validation never
// touches the database).
//
//   auto engine = orm::create_engine("sqlite:///notes.db", {.echo = true});
//   orm::Session session(*engine);
#include <memory>
#include <string_view>

#include "orm/connection.hpp"
#include "orm/engine_options.hpp"
#include "orm/url.hpp"

namespace orm {

class Dialect;

class Engine {
  public:
    Engine(Url url, EngineOptions options);
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    const Url& url() const { return url_; }
    const Dialect& dialect() const { return *dialect_; }
    const EngineOptions& options() const { return options_; }

    // The engine's connection, opened on first use.
    Connection& connection();
    bool connected() const { return connection_ != nullptr; }
    // A new connection of its own, e.g. for another thread.
    std::unique_ptr<Connection> connect() const;
    // Closes the engine's connection; the next use opens a new one.
    void dispose();

    // Whether the database is there, asked without creating or opening it
    // (a SQLite file that does not exist: false; a server's database: true).
    bool database_exists() const;
    // Whether `table` exists in the database (opens the connection).
    bool has_table(std::string_view table);

  private:
    Url url_;
    EngineOptions options_;
    const Dialect* dialect_;
    std::unique_ptr<Connection> connection_;
};

// Parses `url` (throws UrlError) and picks its dialect; connects lazily.
std::unique_ptr<Engine> create_engine(std::string_view url, EngineOptions options = {});

}  // namespace orm
