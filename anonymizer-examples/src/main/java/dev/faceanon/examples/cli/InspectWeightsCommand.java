package dev.faceanon.examples.cli;

import dev.faceanon.djl.weights.TensorInfo;
import dev.faceanon.djl.weights.TensorSource;
import dev.faceanon.djl.weights.TensorSources;
import dev.faceanon.text.UntrustedText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;

/**
 * Lists the tensors of a weight file after validating it, without loading any data. Tensor names
 * come from the file: control and bidirectional characters in them are printed escaped
 * ({@link UntrustedText}), so that a name cannot drive the terminal or disguise itself.
 */
@Command(name = "inspect-weights", mixinStandardHelpOptions = true,
        description = "Validate a weight file (.safetensors, .safetensors.index.json, .bin, .pth) and list its tensors.")
final class InspectWeightsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "weight file")
    Path file;

    @Override
    public Integer call() throws Exception {
        long bytes = 0;
        PrintWriter out = spec.commandLine().getOut();
        try (TensorSource source = TensorSources.open(file)) {
            for (TensorInfo t : source.tensors()) {
                // The dtype is one of this library's own constants; only the name is the file's text.
                out.printf("%-80s %-5s %s%n", UntrustedText.escape(t.name()), t.dtype(), Arrays.toString(t.shape()));
                bytes += t.byteSize();
            }
            out.printf("%d tensors, %,d bytes of data%n", source.tensors().size(), bytes);
        }
        return 0;
    }
}
