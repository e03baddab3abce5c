#pragma once
// What a command gets to work with: the parsed global options, stdout, and
// the notebook, opened only when a command first asks for it (so --help and
// validation errors never touch the database).
#include <memory>
#include <string>

#include "notes/notebook.hpp"
#include "options.hpp"
#include "output.hpp"
#include "table.hpp"

namespace app {

// Who runs the program, for the history: $USER, else the name of the
// process's user id, else the id itself.
std::string login_name();

struct Context {
    GlobalOptions options;
    Output out;

    notes::Notebook& notebook();
    // Closes the database inside main's error handling, not in a destructor.
    void close() { notebook_.reset(); }

  private:
    std::unique_ptr<notes::Notebook> notebook_;
};

}  // namespace app
