package io.rangefinder.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The CLI launcher's entry point: always the CLI (no arguments prints the help), never the window. */
public final class CliMain {

    private CliMain() {
    }

    public static void main(String[] args) {
        if (System.getProperty("io.netty.noUnsafe") == null) {
            System.setProperty("io.netty.noUnsafe", "true");
        }
        PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(RangefinderCli.run(args.length == 0 ? new String[] {"--help"} : args, out, err));
    }
}
