// The one place where exceptions become exit codes and error.code values
// (contract: shared/docs/cli.md, "Exit codes").
#include "errors.hpp"

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <new>
#include <string>

#include "notes/errors.hpp"
#include "orm/errors.hpp"
#include "orm/url.hpp"
#include "output.hpp"

namespace app {

namespace {

struct Failure {
    int exit;
    const char* code;
    std::string message;
};

// Call inside a catch block. Most specific types first.
Failure classify() {
    try {
        throw;
    } catch (const notes::NotFound& e) {
        return {1, "not_found", e.what()};
    } catch (const notes::Invalid& e) {
        return {2, "invalid", e.what()};
    } catch (const UsageError& e) {
        return {2, "usage", e.what()};
    } catch (const CLI::ParseError& e) {
        return {2, "usage", e.what()};
    } catch (const orm::UrlError& e) {
        return {2, "invalid", e.what()};
    } catch (const orm::ValidationError& e) {
        // The domain validates first; should the ORM still refuse a value, it
        // is still a bad value, not a bug in the database.
        return {2, "invalid", e.what()};
    } catch (const notes::Conflict& e) {
        return {3, "conflict", e.what()};
    } catch (const orm::IntegrityError& e) {
        // A constraint the domain could not see coming, such as another
        // process creating the same name at the same moment.
        return {3, "conflict", e.what()};
    } catch (const orm::CommitUnknown& e) {
        // Never retried (it could apply the change twice): the user must look.
        return {4, "database",
                std::string(e.what()) + "; check the notebook before running the command again"};
    } catch (const orm::DatabaseError& e) {
        // Includes OperationalError and SchemaVersionError (newer schema).
        return {4, "database", e.what()};
    } catch (const IoError& e) {
        return {4, "io", e.what()};
    } catch (const OutputError& e) {
        return {4, "io", e.what()};
    } catch (const std::bad_alloc&) {
        return {5, "internal", "out of memory"};
    } catch (const std::exception& e) {
        return {5, "internal", std::string("internal error: ") + e.what()};
    } catch (...) {
        return {5, "internal", "internal error: unknown exception"};
    }
}

void put(const std::string& s) {
    std::fwrite(s.data(), 1, s.size(), stderr);
}

}  // namespace

int report_current_exception(bool json, bool color) noexcept {
    try {
        try {
            throw;
        } catch (const OutputError& e) {
            // The reader went away (`notes export | head`): stop quietly, with
            // the status a shell shows for a process stopped by SIGPIPE.
            // A write command still says that its change stands.
            if (e.error() == EPIPE && !e.committed()) return 141;
        } catch (...) {
        }
        Failure f = classify();
        // Any message may quote a URL given where it does not belong (as a
        // command, a name, a misspelt --db): its password never reaches stderr.
        f.message = orm::redact_secrets(f.message);
        if (json) {
            Json j;
            j["error"]["code"] = f.code;
            j["error"]["message"] = f.message;
            put(dump(j) + "\n");
        } else {
            // One line, as the contract says.
            for (char& c : f.message)
                if (c == '\n' || c == '\r') c = ' ';
            std::string label = color ? "\x1b[1;31merror:\x1b[0m" : "error:";
            put("notes: " + label + " " + f.message + "\n");
        }
        return f.exit;
    } catch (...) {
        std::fputs("notes: error: out of memory while reporting an error\n", stderr);
        return 5;
    }
}

}  // namespace app
