package io.rangefinder.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Runs many commands in one process, one per line: scripts pay the JVM's start once, and the
 * stores' clients stay warm from one command to the next. Also what the installer's class-data
 * training runs.
 */
@Command(name = "batch", description = {
        "Run commands from a file (or stdin), one per line, in this one process.",
        "Lines are split like a shell does (single/double quotes, backslash); blank lines and # comments are skipped.",
        "Stops at the first failing command unless --keep-going; exits with the first failure's code."})
final class BatchCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "Commands to run; - or nothing for stdin.")
    String file;

    @Option(names = {"-k", "--keep-going"}, description = "Run every line even after a failure.")
    boolean keepGoing;

    @Option(names = "--echo", description = "Print each command to stderr before running it.")
    boolean echo;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<String> lines;
        if (file == null || file.equals("-")) {
            lines = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).lines().toList();
        } else {
            lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        }
        int firstFailure = 0;
        int n = 0;
        for (String line : lines) {
            n++;
            List<String> args = split(line, n);
            if (args.isEmpty()) {
                continue;
            }
            if (args.getFirst().equals("batch")) {
                throw new IllegalArgumentException("line " + n + ": batch cannot run batch");
            }
            if (echo) {
                err.println("+ " + line.strip());
                err.flush();
            }
            int code = RangefinderCli.run(args.toArray(String[]::new), out, err);
            if (code != 0) {
                if (firstFailure == 0) {
                    firstFailure = code;
                }
                if (!keepGoing) {
                    err.println("batch: stopped at line " + n + " (exit " + code + ")");
                    break;
                }
            }
        }
        return firstFailure;
    }

    /** Shell-like words: quotes group, backslash escapes outside single quotes, '#' starts a comment between words. */
    static List<String> split(String line, int lineNo) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < line.length()) {
                    w.append(line.charAt(++i));
                } else {
                    w.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == '\\' && i + 1 < line.length()) {
                w.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else if (c == '#' && !inWord) {
                break;
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("line " + lineNo + ": unclosed " + quote + " quote");
        }
        if (inWord) {
            words.add(w.toString());
        }
        return words;
    }
}
