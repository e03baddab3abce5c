#include <cstdio>
int main(int argc, char** argv) { (void)argc; (void)argv; std::puts("notes 0.1.0"); }
