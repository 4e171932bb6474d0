//! Package-manager invocations: subcommands, options, packages and pins.

use shipshape::shell::{
    self,
    packages::{Manager, PackageInvocation, PackageKind, package_invocations},
};

fn invocations(text: &str) -> Vec<PackageInvocation> {
    package_invocations(&shell::parse(text), text)
}

/// One invocation and the script text its package names lie in.
struct Found {
    invocation: PackageInvocation,
    text: String,
}

impl std::ops::Deref for Found {
    type Target = PackageInvocation;

    fn deref(&self) -> &PackageInvocation {
        &self.invocation
    }
}

fn single(text: &str) -> Found {
    let mut found = invocations(text);
    assert_eq!(found.len(), 1, "{text}: {found:?}");
    Found {
        invocation: found.remove(0),
        text: text.to_string(),
    }
}

/// `name`, `name=op+version` for each package.
fn packages(found: &Found) -> Vec<String> {
    let text = found.text.as_str();
    found
        .packages
        .iter()
        .map(|package| match &package.version {
            Some(pin) => format!(
                "{} {}{}",
                package.name(text),
                pin.operator,
                pin.version(text)
            ),
            None => package.name(text).to_string(),
        })
        .collect()
}

fn option_names(invocation: &PackageInvocation) -> Vec<&str> {
    invocation
        .options
        .iter()
        .map(|option| option.name.as_ref())
        .collect()
}

#[test]
fn apt_get_subcommand_options_and_pins() {
    let text = "apt-get -o Dpkg::Options::=--force-confold -yq install -t bullseye --no-install-recommends foo=1.2-1 bar/buster-backports ./local.deb $EXTRA";
    let install = single(text);
    assert_eq!(install.manager, Manager::AptGet);
    assert_eq!(install.subcommand(), Some("install"));
    assert_eq!(install.subcommand.as_ref().unwrap().1.text(text), "install");
    assert_eq!(
        option_names(&install),
        vec!["-o", "-y", "-q", "-t", "--no-install-recommends"]
    );
    let dpkg = install.option(&["-o"]).unwrap();
    assert_eq!(
        dpkg.value.as_ref().unwrap().0,
        "Dpkg::Options::=--force-confold"
    );
    assert_eq!(
        install.option(&["-t"]).unwrap().value.as_ref().unwrap().0,
        "bullseye"
    );
    // Bundled short flags have their own one-letter ranges.
    assert_eq!(install.option(&["-q"]).unwrap().span.text(text), "q");
    assert!(install.has_option(&["-y", "--yes", "--assume-yes"]));
    assert_eq!(
        packages(&install),
        vec!["foo =1.2-1", "bar", "./local.deb", "$EXTRA"]
    );
    let kinds: Vec<_> = install
        .packages
        .iter()
        .map(|package| package.kind)
        .collect();
    assert_eq!(
        kinds,
        vec![
            PackageKind::Name,
            PackageKind::Name,
            PackageKind::File,
            PackageKind::Dynamic
        ]
    );
    let foo = &install.packages[0];
    assert_eq!(foo.span.text(text), "foo=1.2-1");
    assert_eq!(foo.version.as_ref().unwrap().span.text(text), "=1.2-1");
    let bar = &install.packages[1];
    assert_eq!(
        bar.release.as_ref().unwrap().0.get(text),
        "buster-backports"
    );
    assert_eq!(
        bar.release.as_ref().unwrap().1.text(text),
        "buster-backports"
    );
}

#[test]
fn apt_negatives_and_variants() {
    let install = single("apt-get install -o Dpkg::Options=x -t bullseye foo");
    assert_eq!(packages(&install), vec!["foo"]);
    let install = single("apt-get -y install foo");
    assert_eq!(install.subcommand(), Some("install"));
    assert_eq!(packages(&install), vec!["foo"]);
    let update = single("apt-get update -qq");
    assert_eq!(update.subcommand(), Some("update"));
    assert!(update.packages.is_empty());
    let quiet = single("apt-get -q=2 install x");
    assert_eq!(quiet.options[0].name, "-q");
    assert_eq!(quiet.options[0].value.as_ref().unwrap().0, "2");
    assert_eq!(single("apt install -y x").manager, Manager::Apt);
    assert_eq!(single("aptitude install -y x").manager, Manager::Aptitude);
    // Wrappers, env prefixes, full paths, sh -c and quotes.
    let text = "DEBIAN_FRONTEND=noninteractive sudo -E /usr/bin/apt-get install -y \"curl=7.*\"";
    let install = single(text);
    assert_eq!(packages(&install), vec!["curl =7.*"]);
    assert_eq!(
        install.packages[0]
            .version
            .as_ref()
            .unwrap()
            .span
            .text(text),
        "=7.*"
    );
    let text = "bash -c 'apt-get update && apt-get install -y vim'";
    let found = invocations(text);
    assert_eq!(found.len(), 2);
    assert_eq!(found[1].packages[0].span.text(text), "vim");
    // An unknown subcommand (expansion) gives no subcommand.
    assert_eq!(single("apt-get $ACTION foo").subcommand, None);
}

#[test]
fn apk_pins_and_value_options() {
    let text = "apk add --no-cache --virtual .build-deps -X http://mirror/x -t tmp curl=8.5.0-r0 bash~5.2 \
                'openssl>3' \"musl<=1.2\" tzdata@edge ./pkg.apk";
    let add = single(text);
    assert_eq!(add.manager, Manager::Apk);
    assert_eq!(add.subcommand(), Some("add"));
    assert_eq!(
        packages(&add),
        vec![
            "curl =8.5.0-r0",
            "bash ~5.2",
            "openssl >3",
            "musl <=1.2",
            "tzdata",
            "./pkg.apk"
        ]
    );
    assert_eq!(
        add.option(&["--virtual", "-t"])
            .unwrap()
            .value
            .as_ref()
            .unwrap()
            .0,
        ".build-deps"
    );
    assert_eq!(
        add.packages[4].release.as_ref().unwrap().0.get(text),
        "edge"
    );
    assert_eq!(
        add.packages[2].version.as_ref().unwrap().span.text(text),
        ">3"
    );
    assert_eq!(add.packages[5].kind, PackageKind::File);
    assert!(add.has_option(&["--no-cache"]));
}

#[test]
fn rpm_managers_nevra_heuristics() {
    let install = single(
        "dnf install -y --setopt=tsflags=nodocs nginx-1.20.1 httpd-2.4.37-43.module_el8 java-1.8.0-openjdk \
         java-1.8.0-openjdk-devel-1.8.0.292 python3-pip xz-0:5.2.4-3.el8 @development-tools /tmp/a.rpm",
    );
    assert_eq!(install.manager, Manager::Dnf);
    assert_eq!(
        packages(&install),
        vec![
            "nginx -1.20.1",
            "httpd -2.4.37-43.module_el8",
            "java-1.8.0-openjdk",
            "java-1.8.0-openjdk-devel -1.8.0.292",
            "python3-pip",
            "xz -0:5.2.4-3.el8",
            "@development-tools",
            "/tmp/a.rpm",
        ]
    );
    assert_eq!(install.packages[6].kind, PackageKind::Group);
    assert_eq!(install.packages[7].kind, PackageKind::File);
    let group = single("yum -y group install \"Development Tools\"");
    assert_eq!(group.subcommand(), Some("group install"));
    assert_eq!(packages(&group), vec!["Development Tools"]);
    let micro = single("microdnf --nodocs install -y tar gzip");
    assert_eq!(micro.manager, Manager::Microdnf);
    assert_eq!(packages(&micro), vec!["tar", "gzip"]);
    let clean = single("yum clean all");
    assert_eq!(clean.subcommand(), Some("clean"));
    assert!(clean.packages.is_empty());
}

#[test]
fn zypper_global_options_and_pins() {
    let zypper = single("zypper --non-interactive -R /root in -y --from repo curl=7.66 'git>=2.0'");
    assert_eq!(zypper.manager, Manager::Zypper);
    assert_eq!(zypper.subcommand(), Some("in"));
    assert_eq!(packages(&zypper), vec!["curl =7.66", "git >=2.0"]);
    assert_eq!(
        zypper
            .option(&["--from"])
            .unwrap()
            .value
            .as_ref()
            .unwrap()
            .0,
        "repo"
    );
}

#[test]
fn pip_variants_pins_and_negatives() {
    let text = "pip install --no-cache-dir -i https://pypi/simple flask==2.0.1 'requests>=2,<3' Django~=4.2 \
                uvicorn[standard]==0.23 numpy ./dist/app.whl git+https://github.com/x/y@v1";
    let install = single(text);
    assert_eq!(install.manager, Manager::Pip);
    assert_eq!(install.subcommand(), Some("install"));
    assert_eq!(
        packages(&install),
        vec![
            "flask ==2.0.1",
            "requests >=2,<3",
            "Django ~=4.2",
            "uvicorn[standard] ==0.23",
            "numpy",
            "./dist/app.whl",
            "git+https://github.com/x/y@v1",
        ]
    );
    assert_eq!(
        install.packages[1]
            .version
            .as_ref()
            .unwrap()
            .span
            .text(text),
        ">=2,<3"
    );
    assert_eq!(install.packages[6].kind, PackageKind::Url);
    assert!(install.has_option(&["--no-cache-dir"]));
    // Requirement files, editable installs and constraints are options, not packages.
    assert!(
        single("pip install -r requirements.txt")
            .packages
            .is_empty()
    );
    assert!(single("pip3 install -e .").packages.is_empty());
    assert!(
        single("pip install --requirement=req.txt")
            .packages
            .is_empty()
    );
    // The many spellings of pip.
    for text in [
        "pip3 install x",
        "pip3.11 install x",
        "/opt/venv/bin/pip install x",
        "python -m pip install x",
        "python3 -m pip install x",
        "python3.12 -u -m pip install x",
        "sudo -H python3 -m pip install x",
    ] {
        let install = single(text);
        assert_eq!(install.manager, Manager::Pip, "{text}");
        assert_eq!(packages(&install), vec!["x"], "{text}");
    }
    assert!(invocations("python3 setup.py install").is_empty());
    assert!(invocations("pipx install black").is_empty());
    let spaced = single("pip install 'ruamel.yaml == 0.19.1'");
    assert_eq!(packages(&spaced), vec!["ruamel.yaml ==0.19.1"]);
    let upgrade = single("pip install --upgrade pip setuptools");
    assert_eq!(packages(&upgrade), vec!["pip", "setuptools"]);
}

#[test]
fn npm_yarn_pnpm() {
    let text = "npm install -g --registry https://r --loglevel warn express@4.18.2 @scope/pkg@1.0.0 @types/node lodash ./local user/repo pkg.tgz";
    let install = single(text);
    assert_eq!(install.manager, Manager::Npm);
    assert_eq!(
        packages(&install),
        vec![
            "express @4.18.2",
            "@scope/pkg @1.0.0",
            "@types/node",
            "lodash",
            "./local",
            "user/repo",
            "pkg.tgz"
        ]
    );
    let kinds: Vec<_> = install
        .packages
        .iter()
        .map(|package| package.kind)
        .collect();
    assert_eq!(
        kinds,
        vec![
            PackageKind::Name,
            PackageKind::Name,
            PackageKind::Name,
            PackageKind::Name,
            PackageKind::File,
            PackageKind::Url,
            PackageKind::File,
        ]
    );
    assert_eq!(
        install.packages[1]
            .version
            .as_ref()
            .unwrap()
            .span
            .text(text),
        "@1.0.0"
    );
    assert_eq!(
        install
            .option(&["--registry"])
            .unwrap()
            .value
            .as_ref()
            .unwrap()
            .0,
        "https://r"
    );
    // `npm run install` is not an install; `npm ci` takes no packages.
    let run = single("npm run install");
    assert_eq!(run.subcommand(), Some("run"));
    assert!(run.packages.is_empty());
    assert!(single("npm ci --omit=dev").packages.is_empty());
    assert_eq!(
        packages(&single("npm i -D typescript@5")),
        vec!["typescript @5"]
    );
    let yarn = single("yarn global add --network-timeout 100000 serve@14");
    assert_eq!(yarn.manager, Manager::Yarn);
    assert_eq!(yarn.subcommand(), Some("global add"));
    assert_eq!(packages(&yarn), vec!["serve @14"]);
    assert!(single("yarn install --frozen-lockfile").packages.is_empty());
    let pnpm = single("pnpm add -F app -D vite@5.0.0");
    assert_eq!(pnpm.manager, Manager::Pnpm);
    assert_eq!(packages(&pnpm), vec!["vite @5.0.0"]);
}

#[test]
fn gem_bundle_composer() {
    let gem = single("gem install --no-document bundler:2.4.22 rails -v 7.1.0");
    assert_eq!(gem.manager, Manager::Gem);
    assert_eq!(packages(&gem), vec!["bundler :2.4.22", "rails -v7.1.0"]);
    let gem = single("gem install -v '~> 1.0' nokogiri");
    assert_eq!(packages(&gem), vec!["nokogiri -v~> 1.0"]);
    assert!(
        single("bundle install --jobs 4 --without development")
            .packages
            .is_empty()
    );
    let add = single("bundle add rack --version 3.0");
    assert_eq!(add.manager, Manager::Bundle);
    assert_eq!(packages(&add), vec!["rack --version3.0"]);
    let composer =
        single("composer require --no-interaction monolog/monolog:^3.0 guzzlehttp/guzzle");
    assert_eq!(composer.manager, Manager::Composer);
    assert_eq!(
        packages(&composer),
        vec!["monolog/monolog :^3.0", "guzzlehttp/guzzle"]
    );
    assert!(single("composer install --no-dev").packages.is_empty());
}

#[test]
fn go_poetry_pipenv() {
    let go = single(
        "go install -ldflags '-s -w' -tags=netgo github.com/x/tool/cmd/t@v1.2.3 golang.org/x/y@latest",
    );
    assert_eq!(go.manager, Manager::Go);
    assert_eq!(go.subcommand(), Some("install"));
    assert_eq!(option_names(&go), vec!["-ldflags", "-tags"]);
    assert_eq!(
        go.option(&["-ldflags"]).unwrap().value.as_ref().unwrap().0,
        "-s -w"
    );
    assert_eq!(
        packages(&go),
        vec!["github.com/x/tool/cmd/t @v1.2.3", "golang.org/x/y @latest"]
    );
    let run = single("go run ./cmd/server --port 80");
    assert_eq!(run.packages.len(), 1);
    assert_eq!(run.packages[0].kind, PackageKind::File);
    assert!(single("go build -o /bin/app .").packages.is_empty());
    let poetry = single("poetry add --group dev pytest@^7.0 black==23.1");
    assert_eq!(poetry.manager, Manager::Poetry);
    assert_eq!(packages(&poetry), vec!["pytest @^7.0", "black ==23.1"]);
    assert!(single("poetry install --no-root").packages.is_empty());
    let pipenv = single("pipenv install --python 3.11 requests==2.31");
    assert_eq!(pipenv.manager, Manager::Pipenv);
    assert_eq!(packages(&pipenv), vec!["requests ==2.31"]);
    assert!(
        single("pipenv install --deploy --system")
            .packages
            .is_empty()
    );
}

#[test]
fn invocations_point_at_their_commands() {
    let text = "apt-get update && apt-get install -y x && pip install y | tee log";
    let script = shell::parse(text);
    let found = package_invocations(&script, text);
    let commands: Vec<_> = found
        .iter()
        .map(|invocation| invocation.command_index)
        .collect();
    assert_eq!(commands, vec![0, 1, 2]);
    assert_eq!(found[2].command(&script).unwrap().pipeline_len, 2);
}

#[test]
fn conda_and_uv_pip() {
    let conda = single(
        "conda install -y -c conda-forge numpy=1.26 'scipy>=1.11' conda-forge::pandas==2.1.0 python",
    );
    assert_eq!(conda.manager, Manager::Conda);
    assert_eq!(
        conda.option(&["-c"]).unwrap().value.as_ref().unwrap().0,
        "conda-forge"
    );
    assert_eq!(
        packages(&conda),
        vec![
            "numpy =1.26",
            "scipy >=1.11",
            "conda-forge::pandas ==2.1.0",
            "python"
        ]
    );
    assert_eq!(
        single("micromamba create -n env python=3.11").manager,
        Manager::Conda
    );
    let uv = single("uv pip install --system requests==2.31");
    assert_eq!(uv.manager, Manager::Pip);
    assert_eq!(uv.subcommand(), Some("install"));
    assert_eq!(packages(&uv), vec!["requests ==2.31"]);
    assert!(invocations("uv sync --frozen").is_empty());
}
