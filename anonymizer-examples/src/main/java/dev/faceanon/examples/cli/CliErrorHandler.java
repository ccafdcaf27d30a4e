package dev.faceanon.examples.cli;

import dev.faceanon.FaceAnonException;
import dev.faceanon.text.UntrustedText;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns the library's own exceptions into one-line messages and exit code 1; anything else is a
 * bug and keeps its stack trace. Messages quote paths and file content, so control and
 * bidirectional characters in them are printed escaped ({@link UntrustedText}).
 */
final class CliErrorHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) throws Exception {
        if (ex instanceof FaceAnonException || ex instanceof IOException || ex instanceof UncheckedIOException
                || ex instanceof UnsupportedOperationException) {
            cmd.getErr().println("faceanon: " + UntrustedText.escape(ex.getMessage()));
            return ExitCode.ERROR;
        }
        throw ex;
    }
}
