# The two commands a newcomer needs (see README.md):
#   make run   – install what is missing, build, start the server with demo data on SQLite
#   make test  – install what is missing, build, run every test (unit, sanitizer, HTTP, browser)
BUILD ?= build
DB ?= demo.db
LISTEN ?= 127.0.0.1:8080
JOBS ?= $(shell nproc)

.PHONY: setup build run test bench bench-scale bench-soak fuzz clean format

setup:
	bash scripts/setup.sh

build: setup
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build $(BUILD) -j $(JOBS)

run: build
	$(BUILD)/brobygger --db $(DB) serve --demo --listen $(LISTEN)

test: setup
	bash scripts/test.sh

bench: build
	bash bench/run.sh

# 1,000,000 cases on SQLite and PostgreSQL side by side (docs/PERFORMANCE.md, "National scale").
bench-scale: build
	bash bench/scale.sh

# 10 minutes of mixed load at 256 connections: zero errors, flat memory, a backup under load
# (docs/PERFORMANCE.md, "Soak: 10 minutes at 256 connections").
bench-soak: build
	bash bench/soak.sh

# libFuzzer on the parsers of untrusted input (docs/FUZZING.md); SECONDS_PER_TARGET (default 60).
fuzz:
	bash bench/fuzz.sh

format:
	clang-format -i $$(git ls-files 'src/*.cc' 'src/*.h' 'bench/*.cc')

clean:
	rm -rf $(BUILD) build-asan
