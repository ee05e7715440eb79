import java.io.File;
import org.homodyne.cli.Main;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Writes the AsciiDoc man page sources of homodyne and every subcommand into the folder given
 * (run by scripts/build-shell-support.sh as a single-file program, with the jar and picocli-codegen
 * on the class path). Not ManPageGenerator's own main with the class name: homodyne's subcommands
 * are added by Main.commandLine, not named in Main's annotation, so the tree must come from there.
 */
public class ManPages {
    public static void main(String[] args) throws java.io.IOException {
        var spec = Main.commandLine(new Main()).getCommandSpec();
        System.exit(ManPageGenerator.generateManPage(new File(args[0]), null, new boolean[]{false}, true, spec));
    }
}
