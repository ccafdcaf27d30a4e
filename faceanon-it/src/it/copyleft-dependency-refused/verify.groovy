// The build failed; it must be the licence check that failed it, naming the licence.
def log = new File(basedir, 'build.log').text
assert log.contains('forbidden licenses used')
assert log.contains('GNU General Public License v3.0')
assert log.contains('check-dependency-licences')
