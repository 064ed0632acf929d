package io.hindsight.deploy;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** What the Dockerfile's runtime stage promises every container started from the image. */
final class ImageFacts {
    /** The repository name every manifest, compose service and the Tiltfile use for the Hindsight image. */
    static final String IMAGE = "hindsight";

    static final DockerfileModel DOCKERFILE = DockerfileModel.parse(Repo.read("Dockerfile"));

    private ImageFacts() {
    }

    static Map<String, String> env() {
        return DOCKERFILE.last().env();
    }

    /** The numeric uid of the runtime stage's USER (the check fails on a name or on root). */
    static int uid() {
        return uid(DOCKERFILE);
    }

    static int uid(DockerfileModel dockerfile) {
        String user = dockerfile.last().last("USER");
        if (user == null) {
            throw new AssertionError("the Dockerfile's runtime stage has no USER: it would run as root");
        }
        String uid = user.split(":")[0];
        if (!uid.matches("\\d+")) {
            throw new AssertionError("USER " + user + " is not numeric: Kubernetes' runAsNonRoot cannot verify a name");
        }
        if (Integer.parseInt(uid) == 0) {
            throw new AssertionError("USER " + user + " is root");
        }
        return Integer.parseInt(uid);
    }

    /**
     * The variables a Hindsight container may be given: those the app reads (AppFacts.ENV) and those the image's
     * entrypoint reads (the Dockerfile's ENV names, e.g. JAVA_OPTS).
     */
    static Set<String> allowedEnv() {
        Set<String> allowed = new TreeSet<>(AppFacts.ENV.keySet());
        allowed.addAll(env().keySet());
        return allowed;
    }

    /** Whether an image reference names the Hindsight image: hindsight, hindsight:TAG, REGISTRY/hindsight:TAG. */
    static boolean isHindsight(String image) {
        if (image == null) {
            return false;
        }
        String name = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        if (colon > slash) {
            name = name.substring(0, colon);
        }
        return name.substring(slash + 1).equals(IMAGE);
    }
}
